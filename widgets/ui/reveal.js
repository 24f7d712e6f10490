// Spasm Relief reveal: when the kernel asks (by bumping `count`), scroll the element that
// matches `selector` into view, so a panel that appears below the fold (for example the
// "Stop self-care and get help" panel on a phone) is seen at once. Focus is not moved: a
// keyboard user keeps their place, and the panel itself is announced (role="alert").
export default {
  render({ model, el }) {
    el.hidden = true;
    model.on("change:count", () => {
      const target = document.querySelector(model.get("selector"));
      if (!target) return;
      const reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      // Wait one frame so the panel's new content has been laid out.
      requestAnimationFrame(() => {
        target.scrollIntoView({ behavior: reduce ? "auto" : "smooth", block: "start" });
        target.dataset.revealed = String(model.get("count"));
      });
    });
  },
};
