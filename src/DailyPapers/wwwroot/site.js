// Progressive enhancement only: every page works without this file.
// The date picker jumps to the chosen day as soon as a date is picked.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (input instanceof HTMLInputElement && input.type === "date" && input.form?.classList.contains("date-picker") && input.value) {
    window.location.assign(`/papers/date/${input.value}`);
  }
});

// Upvotes without a reload: send the same form (antiforgery token included) with fetch and show the answer.
// Anything but a JSON answer (signed out, banned, too many requests) falls back to the plain form POST.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("vote-form")) {
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
    const state = await response.json();
    form.querySelector(".vote-count").textContent = String(state.upvotes);
    const button = form.querySelector("button");
    button.setAttribute("aria-pressed", state.voted ? "true" : "false");
    button.title = state.voted ? "Remove your upvote" : "Upvote";
    form.elements.namedItem("vote").value = state.voted ? "remove" : "up";
  } catch {
    form.submit();
  } finally {
    delete form.dataset.pending;
  }
});
