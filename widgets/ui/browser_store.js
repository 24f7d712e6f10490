// A JSON value kept ONLY in this browser's localStorage under the model's `key` (the diary).
// At start it hands the kernel what is stored (`value`, `loaded`: true), whether the browser lets
// the page keep anything (`available`), and the browser's own date (`today`, year-month-day), since
// a preheated kernel's clock says nothing about the visitor. Whenever the kernel changes `value`
// it is written back; an empty list removes the key. Nothing is written anywhere else.

function read(key) {
  try {
    const raw = window.localStorage.getItem(key);
    return { ok: true, value: raw === null ? [] : JSON.parse(raw) };
  } catch (error) {
    // Storage refused: ok false. Unreadable JSON: hand over a marker the kernel reports.
    return error instanceof SyntaxError ? { ok: true, value: { unreadable: true } } : { ok: false, value: [] };
  }
}

function localDay() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

export default {
  render({ model, el }) {
    el.hidden = true; // shows nothing
    const key = model.get("key");
    const write = () => {
      const value = model.get("value");
      try {
        if (Array.isArray(value) && value.length === 0) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, JSON.stringify(value));
        el.dataset.saved = String(Date.now());
      } catch (_) {
        model.set("available", false);
        model.save_changes();
      }
    };
    const { ok, value } = read(key);
    model.set("today", localDay());
    model.set("available", ok);
    model.set("value", value);
    model.set("loaded", true);
    model.save_changes();
    // Only the kernel's changes are written: the first value above came from storage itself.
    const onChange = () => { if (model.get("loaded")) write(); };
    model.on("change:value", onChange);
    const onStorage = (event) => { // another tab changed it
      if (event.key !== key && event.key !== null) return;
      const again = read(key);
      model.set("value", again.value);
      model.save_changes();
    };
    window.addEventListener("storage", onStorage);
    return () => {
      model.off("change:value", onChange);
      window.removeEventListener("storage", onStorage);
    };
  },
};
