// Spasm Relief quiz score line: shows the score and, when the kernel asks (after "Finish" or
// "Try again"), moves the focus to it and scrolls it into view, so a person at the bottom of a
// long quiz on a phone sees (and hears) the score. Voilà's front end runs no <script> inside
// HTML widgets, hence this small widget. The text is set with textContent, never as HTML.
// It also tells the kernel the learner's offset from UTC (minutes east), so the answers file's
// date and time, and its name, are in the learner's own time.
// A reader who moves on before the widgets are drawn is leaving: the page has already asked the
// server to shut its kernel down, so nothing is sent to it (sending would only fail).
let leaving = false;
window.addEventListener("beforeunload", () => { leaving = true; });
window.addEventListener("pageshow", () => { leaving = false; });

export default {
  render({ model, el }) {
    const line = document.createElement("p");
    line.className = "sr sr-score";
    line.setAttribute("role", "status");
    line.setAttribute("aria-live", "polite");
    line.tabIndex = -1; // focusable from script only: not an extra Tab stop
    const strong = document.createElement("strong");
    line.append(strong);
    const show = () => { strong.textContent = model.get("text"); };
    const spotlight = () => {
      requestAnimationFrame(() => {
        line.focus({ preventScroll: true });
        line.scrollIntoView({ block: "center", inline: "nearest" });
      });
    };
    model.on("change:text", show);
    model.on("change:focus_request", spotlight);
    show();
    el.append(line);
    const offset = -new Date().getTimezoneOffset();
    if (!leaving && model.get("utc_offset") !== offset) {
      model.set("utc_offset", offset);
      model.save_changes();
    }
  },
};
