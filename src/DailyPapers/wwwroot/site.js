// Progressive enhancement only: every page works without this file.
// A date picker goes to the chosen day as soon as a date is picked: its form is sent as its Go button would send it
// (the daily list's answers with the day's address; /new's carries the categories and order along).
document.addEventListener("change", (event) => {
  const input = event.target;
  if (input instanceof HTMLInputElement && input.type === "date" && input.form?.classList.contains("date-picker") && input.value) {
    input.form.requestSubmit();
  }
});

// Sends a form (antiforgery token included) with fetch, asking for JSON, once at a time per form, then hands the answer
// to `done`. Anything but a JSON answer (signed out, banned, too many requests) falls back to the plain form POST.
function sendWithFetch(className, done) {
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains(className)) {
      return;
    }
    event.preventDefault();
    if (form.dataset.pending === "true") {
      return;
    }
    form.dataset.pending = "true";
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok || !(response.headers.get("Content-Type") || "").includes("json")) {
        form.submit();
        return;
      }
      await done(form, await response.json());
    } catch {
      form.submit();
    } finally {
      delete form.dataset.pending;
    }
  });
}

// Upvotes without a reload: show the count and state the server answered with.
sendWithFetch("vote-form", (form, state) => {
  form.querySelector(".vote-count").textContent = String(state.upvotes);
  const button = form.querySelector("button");
  button.setAttribute("aria-pressed", state.voted ? "true" : "false");
  button.title = state.voted ? "Remove your upvote" : "Upvote";
  form.elements.namedItem("vote").value = state.voted ? "remove" : "up";
});

// "Not interested" on /for-you without a reload: once the mark is stored, put the page's list as the server now ranks
// it in place of the old one (the paper goes last, papers like it go down).
sendWithFetch("not-interested-form", async (form) => {
  const page = await fetch(window.location.href, { credentials: "same-origin" });
  const fresh = new DOMParser().parseFromString(await page.text(), "text/html").querySelector("ol.for-you-list");
  const list = form.closest("ol.for-you-list");
  if (!page.ok || !fresh || !list) {
    window.location.reload();
    return;
  }
  list.replaceWith(fresh);
});

// Suggestions while typing in a search box (titles, authors, categories from /api/papers/suggest). Without this
// script the box is a plain GET form to /search; with it, a list under the box offers links, chosen with the
// mouse or with the arrow keys and Enter (Enter with nothing chosen submits the form as usual).
for (const input of document.querySelectorAll("form[role=search] input[name=q]")) {
  const list = document.createElement("ul");
  list.id = `${input.id}-suggestions`;
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  input.parentElement.classList.add("suggest-anchor");
  input.insertAdjacentElement("afterend", list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.autocomplete = "off";
  let timer = 0;
  let active = -1;
  let controller = null;
  const options = () => [...list.querySelectorAll("[role=option]")];
  const close = () => {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };
  const highlight = (index) => {
    const all = options();
    active = all.length === 0 ? -1 : (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute("aria-selected", i === active ? "true" : "false"));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", all[active].id);
    }
  };
  const show = (suggestions) => {
    list.replaceChildren();
    suggestions.forEach((suggestion, i) => {
      const item = document.createElement("li");
      item.id = `${list.id}-${i}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.className = `suggestion suggestion-${suggestion.kind}`;
      const link = document.createElement("a");
      link.href = suggestion.url;
      link.tabIndex = -1;
      const kind = document.createElement("span");
      kind.className = "suggestion-kind";
      kind.textContent = suggestion.kind;
      link.append(kind, document.createTextNode(` ${suggestion.text}`));
      item.append(link);
      list.append(item);
    });
    list.hidden = suggestions.length === 0;
    input.setAttribute("aria-expanded", suggestions.length === 0 ? "false" : "true");
    active = -1;
  };
  const load = async () => {
    const typed = input.value;
    if (typed.trim().length < 2) {
      close();
      return;
    }
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`/api/papers/suggest?q=${encodeURIComponent(typed)}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        close();
        return;
      }
      const answer = await response.json();
      if (input.value === typed) {
        show(answer.suggestions);
      }
    } catch {
      // Aborted by newer typing, or offline: the form still works.
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(load, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) {
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(options()[active].querySelector("a").href);
    } else if (event.key === "Escape") {
      // Close the list but keep the text (a search input clears itself on Escape).
      event.preventDefault();
      close();
    }
  });
  // Let a click on a suggestion land before the list closes.
  input.addEventListener("blur", () => setTimeout(close, 200));
}
