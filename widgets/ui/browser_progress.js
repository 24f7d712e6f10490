// Spasm Relief progress: which lessons this person has opened and finished, and their best
// self-check score, kept ONLY in this browser's localStorage (one key, the model's `key`). The
// kernel hands over the page's lesson id, the lessons to list and a score at "Finish"; this code
// never sends anything back to the kernel, so the record never reaches the server.
//
// Two kinds of widget share this file (the model's `kind`):
// - "record" (hidden). On a lesson page (`page_id`): the lesson is *opened* as soon as the page
//   is shown (drawn in a visible tab), and *finished* once the page's footer (.sr-footer: the
//   links at the bottom of the page) has stayed on screen for `dwell_ms`, so a page that is still
//   growing as its widgets are drawn does not count, or at once when a footer link is followed.
//   In the self-check: keeps the best `score`.
// - "panel" (the start page): each lesson with its state in words, the best score, "Continue
//   where you left off" (the last lesson opened) or "Start with lesson 1", and "Forget me", which
//   asks in the page first (the safe answer has the focus) and then says that it is done.
// A browser that refuses storage gets a sentence saying so in the panel (and no states, which it
// cannot know), and the recorders then do nothing.
//
// The record: {"opened": [ids], "finished": [ids], "last": id, "best": {right, total, text}}.
// It is read defensively (anything else in it is dropped), and shown with textContent only.

const CHANGED = "sr-progress-changed"; // a window event: the record changed on this page

function empty() {
  return { opened: [], finished: [], last: "", best: null };
}

const isId = (value) => typeof value === "string" && /^[a-z0-9-]{1,80}$/.test(value);

function goodScore(s) {
  return !!s && Number.isInteger(s.right) && Number.isInteger(s.total) && s.total > 0
    && s.right >= 0 && s.right <= s.total && typeof s.text === "string" && s.text.length <= 80;
}

function clean(data) {
  const record = empty();
  if (!data || typeof data !== "object") return record;
  for (const name of ["opened", "finished"]) {
    if (Array.isArray(data[name])) record[name] = [...new Set(data[name].filter(isId))];
  }
  if (isId(data.last)) record.last = data.last;
  if (goodScore(data.best)) record.best = { right: data.best.right, total: data.best.total, text: data.best.text };
  return record;
}

// { record, stored: something is kept under the key, ok: the browser lets the page read storage }
function load(key) {
  let raw;
  try {
    raw = window.localStorage.getItem(key);
  } catch (_) {
    return { record: empty(), stored: false, ok: false };
  }
  let data = null;
  try { data = JSON.parse(raw); } catch (_) { /* unreadable: shown as nothing stored, still forgettable */ }
  return { record: clean(data), stored: raw !== null, ok: true };
}

// Change the record and write it back; false if the browser refuses.
function update(key, change) {
  const { record, ok } = load(key);
  if (!ok) return false;
  change(record);
  try {
    window.localStorage.setItem(key, JSON.stringify(record));
  } catch (_) {
    return false;
  }
  window.dispatchEvent(new Event(CHANGED));
  return true;
}

function writable(key) {
  try {
    window.localStorage.setItem(`${key}.probe`, "1");
    window.localStorage.removeItem(`${key}.probe`);
    return true;
  } catch (_) {
    return false;
  }
}

const add = (list, id) => { if (!list.includes(id)) list.push(id); };

// a is better than b: a higher share right; at the same share, more questions right.
const better = (a, b) => a.right * b.total > b.right * a.total
  || (a.right * b.total === b.right * a.total && a.right > b.right);

// ---- "record": one visit per model (one page), however many views show it ----
const visited = new WeakSet();

function recordVisit(model) {
  const id = model.get("page_id"), key = model.get("key");
  if (!isId(id) || visited.has(model)) return () => {};
  visited.add(model);
  let timer = null, retry = null, observer = null, footer = null, tries = 0;
  const stop = () => {
    clearTimeout(timer);
    clearTimeout(retry);
    if (observer) observer.disconnect();
    if (footer) footer.removeEventListener("click", followed);
    document.removeEventListener("visibilitychange", opened);
  };
  const finished = () => {
    update(key, (r) => { add(r.opened, id); add(r.finished, id); });
    stop();
  };
  const watchEnd = () => {
    if (load(key).record.finished.includes(id) || typeof window.IntersectionObserver !== "function") return;
    const footers = document.querySelectorAll(".sr-footer");
    footer = footers[footers.length - 1] || null;
    if (!footer) { // in JupyterLab and the static site the footer widget is drawn just after this one
      if (++tries <= 40) retry = setTimeout(watchEnd, 250);
      return;
    }
    observer = new IntersectionObserver((entries) => {
      clearTimeout(timer);
      if (entries.some((entry) => entry.isIntersecting)) timer = setTimeout(finished, Math.max(0, model.get("dwell_ms")));
    });
    observer.observe(footer);
    footer.addEventListener("click", followed);
  };
  // A link in the footer followed at once (Tab to "Next", Enter) was on screen too: no wait then.
  function followed(event) {
    if (event.target.closest?.("a[href]")) finished();
  }
  function opened() {
    if (document.visibilityState !== "visible") return; // loaded in a tab not yet looked at
    document.removeEventListener("visibilitychange", opened);
    update(key, (r) => { add(r.opened, id); r.last = id; });
    watchEnd();
  }
  document.addEventListener("visibilitychange", opened);
  opened();
  return stop;
}

// ---- "panel": the start page's "Your progress" ----
let serial = 0;

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function button(text, className) {
  const node = make("button", className, text);
  node.type = "button";
  return node;
}

function panel(model, el) {
  const key = model.get("key");
  const uid = `sr-progress-${++serial}`;
  const section = make("section", "sr sr-progress");
  section.setAttribute("aria-labelledby", `${uid}-title`);
  const title = make("h2", "sr-progress-title", "Your progress");
  title.id = `${uid}-title`;
  const privacy = make("p", "sr-progress-privacy", model.get("privacy"));
  const refused = make("p", "sr-panel sr-warn sr-progress-refused",
    "This browser does not let the page keep anything (its settings block storage for this site), "
    + "so your progress cannot be kept or shown here. The lessons work as usual.");
  const summary = make("p", "sr-progress-summary");
  const onward = make("p", "sr-progress-continue");
  const link = make("a", "sr-progress-link");
  onward.append(link);
  const list = make("ul", "sr-progress-list");
  list.setAttribute("aria-label", "Lessons and how far you got");
  const best = make("p", "sr-progress-best");
  const rules = make("p", "sr-progress-rules", model.get("rules"));

  // "Forget me", then a question in the page with two answers; the safe one has the focus.
  const forgetRow = make("div", "sr-progress-actions");
  const forget = button("Forget me", "sr-progress-button");
  const note = make("span", "sr-progress-note", "Clears your progress and your diary (on My plan) from this browser.");
  note.id = `${uid}-note`;
  forget.setAttribute("aria-describedby", note.id);
  forgetRow.append(forget, note);
  const confirm = make("div", "sr-confirm sr-progress-confirm");
  confirm.setAttribute("role", "group");
  confirm.setAttribute("aria-labelledby", `${uid}-question`);
  const question = make("p", "sr-progress-question");
  question.id = `${uid}-question`;
  question.append(make("strong", "", "Forget your progress in this browser?"),
    document.createTextNode(" Which lessons you opened and finished, your best score and your diary are cleared. "
      + "They cannot be brought back."));
  const yes = button("Yes, forget me", "sr-progress-button");
  const keep = button("Keep my progress", "sr-progress-button sr-progress-primary");
  const answers = make("div", "sr-progress-actions");
  answers.append(yes, keep);
  confirm.append(question, answers);
  confirm.hidden = true;
  const said = make("p", "sr-progress-said");
  said.setAttribute("role", "status");

  const show = () => {
    const { record, stored, ok } = load(key);
    const lessons = (model.get("lessons") || []).filter((l) => l && isId(l.id) && typeof l.href === "string");
    refused.hidden = ok && writable(key);
    // Refused: nothing can be known, so no states, no score and nothing to forget; only the way in.
    list.hidden = best.hidden = !refused.hidden;
    if (!refused.hidden) closeConfirm(false);
    else forgetRow.hidden = !confirm.hidden; // while the question is asked, its answers stand in for the button
    const known = (ids) => ids.filter((id) => lessons.some((l) => l.id === id));
    const done = known(record.finished), seen = known([...new Set([...record.opened, ...record.finished])]);
    summary.textContent = !refused.hidden ? ""
      : seen.length || record.best
        ? `${done.length} of ${lessons.length} lessons finished, ${seen.length} opened.`
        : "Nothing is stored in this browser yet: open a lesson and it shows here.";
    summary.hidden = !summary.textContent;
    list.replaceChildren(...lessons.map((lesson) => {
      const state = done.includes(lesson.id) ? "finished" : seen.includes(lesson.id) ? "opened" : "not opened";
      const item = make("li");
      const to = make("a", "", `${lesson.number}. ${lesson.title}`);
      to.href = lesson.href;
      const word = make("span", "sr-progress-state", state);
      word.dataset.state = state;
      item.append(to, document.createTextNode(": "), word);
      return item;
    }));
    const last = lessons.find((l) => l.id === record.last);
    const first = lessons[0];
    onward.hidden = !(last || first);
    if (last) {
      link.textContent = `Continue where you left off: ${last.title}`;
      link.href = last.href;
    } else if (first) {
      link.textContent = `Start with lesson ${first.number}: ${first.title}`;
      link.href = first.href;
    }
    best.textContent = `Best self-check score: ${record.best ? record.best.text : "none yet"}.`;
    el.dataset.stored = stored ? "yes" : "no";
  };

  function closeConfirm(offer = true) {
    confirm.hidden = true;
    forgetRow.hidden = !offer;
  }
  forget.addEventListener("click", () => {
    said.textContent = "";
    forgetRow.hidden = true;
    confirm.hidden = false;
    keep.focus(); // a stray Enter keeps the progress
  });
  keep.addEventListener("click", () => { closeConfirm(); forget.focus(); });
  confirm.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); closeConfirm(); forget.focus(); }
  });
  yes.addEventListener("click", () => {
    let cleared = true;
    for (const gone of [key, ...(model.get("forget_keys") || []).filter((k) => typeof k === "string")]) {
      try { window.localStorage.removeItem(gone); } catch (_) { cleared = false; }
    }
    closeConfirm();
    show();
    forget.focus();
    said.textContent = cleared
      ? "Done: your progress and your diary are cleared. Nothing about them is kept in this browser now."
      : "This browser did not let the page clear it. Clear this site's data in the browser's settings instead.";
    window.dispatchEvent(new Event(CHANGED));
  });

  const onStorage = (event) => { if (event.key === key || event.key === null) show(); }; // another tab
  window.addEventListener(CHANGED, show);
  window.addEventListener("storage", onStorage);
  show();
  section.append(title, privacy, refused, summary, onward, list, best, rules, forgetRow, confirm, said);
  el.append(section);
  return () => {
    window.removeEventListener(CHANGED, show);
    window.removeEventListener("storage", onStorage);
  };
}

export default {
  initialize({ model }) {
    if (model.get("kind") !== "record") return;
    // The self-check's score at "Finish": kept if it is the best so far.
    const keepBest = () => {
      const s = model.get("score");
      if (!goodScore(s)) return;
      update(model.get("key"), (r) => {
        if (!r.best || better(s, r.best)) r.best = { right: s.right, total: s.total, text: s.text };
      });
    };
    model.on("change:score", keepBest);
    return () => model.off("change:score", keepBest);
  },

  render({ model, el }) {
    if (model.get("kind") === "panel") return panel(model, el);
    el.hidden = true; // shows nothing
    return recordVisit(model);
  },
};
