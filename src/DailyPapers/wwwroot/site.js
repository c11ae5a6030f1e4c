// Progressive enhancement only: every page works without this file.
// The date picker jumps to the chosen day as soon as a date is picked.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (input instanceof HTMLInputElement && input.type === "date" && input.form?.classList.contains("date-picker") && input.value) {
    window.location.assign(`/papers/date/${input.value}`);
  }
});
