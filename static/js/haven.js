// Progressive enhancement: reactions and saves without a page reload. Without JavaScript the same
// forms post normally and the server redirects back.
(function () {
  "use strict";
  document.addEventListener("submit", async function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.dataset.enhance !== "toggle") return;
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      button.setAttribute("aria-pressed", data.active ? "true" : "false");
      button.classList.toggle("is-active", data.active);
      const count = button.querySelector(".reaction-count");
      if (count && typeof data.count === "number") count.textContent = String(data.count);
      if (!count) button.textContent = data.active ? "Saved" : "Save";
    } catch (error) {
      form.submit(); // fall back to the ordinary form post
    } finally {
      button.disabled = false;
    }
  });
})();
