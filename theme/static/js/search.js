// The search page, enhanced: Pagefind's own index and JavaScript API, served from this site only.
// Without JavaScript the page shows its <noscript> explanation and links; nothing here is needed to
// read records. With it, the status says the index is loading until it is ready.
const FILTERS = ["type", "platform", "leader", "organization", "year"];
const SHOWN = 50;

const form = document.getElementById("search");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const hints = document.getElementById("search-hints");
const selects = Object.fromEntries(FILTERS.map((name) => [name, form.elements.namedItem(name)]));
const root = new URL(form.dataset.siteRoot, window.location.href);
let latest = 0;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// Pagefind marks matches with <mark> in an excerpt it made from our pages: keep text and marks only.
function excerptNode(html) {
  const paragraph = element("p", "excerpt");
  const parsed = new DOMParser().parseFromString(html, "text/html");
  for (const node of parsed.body.childNodes) {
    paragraph.append(node.nodeName === "MARK" ? element("mark", "", node.textContent) : node.textContent);
  }
  return paragraph;
}

function resultItem(data) {
  const item = element("li");
  const heading = element("h2");
  const link = element("a", "", data.meta.title);
  link.href = data.url;
  heading.append(link);
  item.append(heading);
  if (data.meta.date) item.append(element("p", "date", data.meta.date));
  // With words, show where they matched; with filters alone, the record's own summary.
  if (input.value.trim() && data.excerpt) item.append(excerptNode(data.excerpt));
  else if (data.meta.summary) item.append(element("p", "", data.meta.summary));
  return item;
}

function fillFilters(available) {
  for (const name of FILTERS) {
    const values = Object.entries(available[name] || {});
    values.sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
    for (const [value, count] of values) {
      const option = element("option", "", `${value} (${count})`);
      option.value = value;
      selects[name].append(option);
    }
  }
}

function readAddress() {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  for (const name of FILTERS) selects[name].value = params.get(name) || "";
}

function writeAddress(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(filters)) params.set(name, value);
  const search = params.toString();
  window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}

async function run(pagefind) {
  const ticket = ++latest;
  const query = input.value.trim();
  const filters = {};
  for (const name of FILTERS) if (selects[name].value) filters[name] = selects[name].value;
  writeAddress(query, filters);
  hints.hidden = true;
  if (!query && Object.keys(filters).length === 0) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  const search = await pagefind.search(query || null, { filters, sort: query ? {} : { date: "asc" } });
  const found = await Promise.all(search.results.slice(0, SHOWN).map((result) => result.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...found.map(resultItem));
  const count = search.results.length;
  const words = query ? ` for “${query}”` : "";
  const more = count > SHOWN ? `; the first ${SHOWN} are shown` : "";
  status.textContent = `${count} ${count === 1 ? "record" : "records"} found${words}${more}.`;
  hints.hidden = count > 0;
}

async function start() {
  let pagefind;
  status.textContent = "Loading the search index…";
  list.setAttribute("aria-busy", "true");
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname });
    fillFilters(await pagefind.filters());
  } catch (error) {
    status.textContent = "The search index could not be loaded. Use the timeline and the indexes instead.";
    list.removeAttribute("aria-busy");
    return;
  }
  status.textContent = "";
  list.removeAttribute("aria-busy");
  form.hidden = false;
  readAddress();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(pagefind);
  });
  for (const select of Object.values(selects)) select.addEventListener("change", () => run(pagefind));
  await run(pagefind);
  form.dataset.ready = "true";
}

start();
