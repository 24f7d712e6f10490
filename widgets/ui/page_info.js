// Spasm Relief page info: tells the kernel the visitor's local time and the page's query string,
// so a preheated kernel (started before anyone asked for the page) can use the visitor's "now"
// and options such as ?mode=class. Shows nothing.
export default {
  render({ model, el }) {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    model.set("now", `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`);
    model.set("query", window.location.search || "");
    model.save_changes();
    el.hidden = true;
  },
};
