// Spasm Relief page info: tells the kernel the visitor's local time and the page's query string,
// so a preheated kernel (started before anyone asked for the page) can use the visitor's "now"
// and options such as ?mode=class. Shows nothing.
// A reader who moves on before the widgets are drawn is leaving: the page has already asked the
// server to shut its kernel down, so nothing is sent to it (sending would only fail).
let leaving = false;
window.addEventListener("beforeunload", () => { leaving = true; });
window.addEventListener("pageshow", () => { leaving = false; });

export default {
  render({ model, el }) {
    el.hidden = true;
    if (leaving) return;
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    model.set("now", `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`);
    model.set("query", window.location.search || "");
    model.save_changes();
  },
};
