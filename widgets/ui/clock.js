// Spasm Relief hold clock: counts seconds in the browser and shows them accessibly.
// The kernel sets `running`, `duration` and `elapsed`; while running, this code adds one
// second to `elapsed` each second and stops itself at `duration`. One ticker per model,
// however many views show it. While running, the clock is the only place that states the
// time left: every `announce_every` seconds it also says it in a polite live region (hidden
// from sight, and emptied again soon, so it never lingers as a second, older time).
//
// Hands-free help, for a person on the floor who cannot look at the screen. Each is a choice,
// kept in this browser's localStorage (so it holds for every timer on every page, and after a
// reload) and offered under every clock in "Hands-free options":
// - spoken cues (off unless chosen): the hold's words and "Hold." as it starts ("Rep 3 of 10.
//   Hold."; "Hold." on resuming), "10 seconds left" and "5 seconds left", "Release." at the end;
// - a short vibration at the end (off unless chosen);
// - the screen kept on while the clock runs (on unless turned off): a wake lock taken at the
//   start, let go on pause, at the end, on reset and when the page is left, taken again when
//   the page is shown again while the clock still runs (browsers drop it while a tab is hidden).
// A browser that lacks one of these shows its box disabled, with a sentence saying so.

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function spoken(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60), r = s % 60;
  const parts = [];
  if (m) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  if (r || !m) parts.push(`${r} second${r === 1 ? "" : "s"}`);
  return parts.join(" ");
}

const PREFS_KEY = "spasm-relief.hands-free";
const PREFS_CHANGED = "sr-hands-free-changed"; // a window event: a choice changed on this page
const WAKE_NEWS = "sr-hands-free-wake"; // a window event: a wake lock was refused, or granted again
const DEFAULTS = { speak: false, vibrate: false, awake: true };
const COUNTDOWN = [10, 5]; // seconds left at which the time is said
let unsaved = null; // the choices, when this browser refuses storage (they last for the page)
let wakeRefused = false; // the last wake lock request was refused (battery saver, for example)

function wakeAnswer(refused) {
  if (wakeRefused === refused) return;
  wakeRefused = refused;
  window.dispatchEvent(new Event(WAKE_NEWS)); // only the boxes listen: no new request from this
}

function prefs() {
  let stored = unsaved;
  if (stored === null) {
    try { stored = JSON.parse(window.localStorage.getItem(PREFS_KEY)) || {}; } catch (_) { stored = {}; }
  }
  const out = {};
  for (const [name, value] of Object.entries(DEFAULTS)) {
    out[name] = typeof stored[name] === "boolean" ? stored[name] : value;
  }
  return out;
}

function choose(name, value) {
  const next = { ...prefs(), [name]: value };
  try {
    window.localStorage.setItem(PREFS_KEY, JSON.stringify(next));
  } catch (_) {
    unsaved = next;
  }
  window.dispatchEvent(new Event(PREFS_CHANGED));
}

const CAN = {
  speak: () => typeof window.speechSynthesis?.speak === "function" && typeof window.SpeechSynthesisUtterance === "function",
  vibrate: () => typeof navigator.vibrate === "function",
  awake: () => typeof navigator.wakeLock?.request === "function",
};

const OPTIONS = [
  { name: "speak", label: "Speak the cues (Hold, time left, Release)",
    cannot: "This browser cannot speak." },
  { name: "vibrate", label: "Vibrate when a hold ends (on phones)",
    cannot: "This browser cannot vibrate." },
  { name: "awake", label: "Keep the screen on while the clock runs",
    cannot: "This browser cannot keep the screen on: touch the screen now and then, "
      + "or give it a longer sleep time in the device's settings." },
];
const WAKE_REFUSED = "The browser refused to keep the screen on just now: touch the screen now and then.";

function say(text) {
  if (!prefs().speak || !CAN.speak()) return;
  const words = new window.SpeechSynthesisUtterance(text);
  words.rate = 0.9; // unhurried
  window.speechSynthesis.speak(words);
}

function hush() {
  if (prefs().speak && CAN.speak()) window.speechSynthesis.cancel();
}

function buzz() {
  if (prefs().vibrate && CAN.vibrate()) navigator.vibrate(300);
}

function quietly(action) {
  try { action(); } catch (_) { /* a cue must never stop the clock */ }
}

// The screen wake lock of one clock: wanted while it runs; held while wanted, chosen and visible.
function screenKeeper() {
  let held = null, wanted = false, asking = false;
  const letGo = () => {
    const sentinel = held;
    held = null;
    if (sentinel) quietly(() => Promise.resolve(sentinel.release()).catch(() => {}));
  };
  const take = async () => {
    if (!wanted || held || asking || !prefs().awake || !CAN.awake() || document.visibilityState !== "visible") return;
    asking = true;
    try {
      const sentinel = await navigator.wakeLock.request("screen");
      wakeAnswer(false);
      held = sentinel;
      sentinel.addEventListener?.("release", () => { if (held === sentinel) held = null; });
      if (!wanted || !prefs().awake) letGo(); // paused or turned off while the browser answered
    } catch (_) {
      wakeAnswer(true);
    } finally {
      asking = false;
    }
  };
  const refresh = () => { if (wanted && prefs().awake && document.visibilityState === "visible") take(); else letGo(); };
  const events = [[document, "visibilitychange", refresh], [window, "pageshow", refresh], [window, "pagehide", letGo],
                  [window, PREFS_CHANGED, refresh], [window, "storage", refresh]];
  for (const [target, name, listener] of events) target.addEventListener(name, listener);
  return {
    start() { wanted = true; take(); },
    stop() { wanted = false; letGo(); },
    forget() {
      wanted = false;
      letGo();
      for (const [target, name, listener] of events) target.removeEventListener(name, listener);
    },
  };
}

// "Hands-free options" under a clock: a disclosure with one labelled checkbox per choice. Every
// clock's boxes show the same choices, and follow a change made under another clock or in another tab.
let serial = 0;

function handsFree() {
  const box = document.createElement("details");
  box.className = "sr-hands-free";
  const summary = document.createElement("summary");
  box.append(summary);
  const group = document.createElement("div");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "Hands-free options");
  box.append(group);
  const rows = OPTIONS.map((option) => {
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = `sr-hands-free-${option.name}`;
    const label = document.createElement("label");
    label.append(input, document.createTextNode(option.label));
    const note = document.createElement("p");
    note.className = "sr-hands-free-note";
    note.id = `sr-hands-free-${++serial}`;
    input.setAttribute("aria-describedby", note.id);
    input.addEventListener("change", () => {
      choose(option.name, input.checked);
      if (option.name === "speak" && input.checked) say("Spoken cues are on."); // also lets a phone speak later
    });
    const row = document.createElement("div");
    row.className = "sr-hands-free-option";
    row.append(label, note);
    group.append(row);
    return { option, input, note };
  });
  const show = () => {
    const chosen = prefs(), on = [];
    for (const { option, input, note } of rows) {
      const can = CAN[option.name]();
      input.disabled = !can;
      input.checked = can && chosen[option.name];
      note.textContent = !can ? option.cannot : option.name === "awake" && wakeRefused && chosen.awake ? WAKE_REFUSED : "";
      note.hidden = !note.textContent;
      if (input.checked) on.push({ speak: "spoken cues", vibrate: "vibration", awake: "screen kept on" }[option.name]);
    }
    summary.textContent = `Hands-free options (${on.length ? on.join(", ") : "all off"})`;
  };
  const onStorage = (event) => { if (event.key === PREFS_KEY) show(); };
  window.addEventListener(PREFS_CHANGED, show);
  window.addEventListener(WAKE_NEWS, show);
  window.addEventListener("storage", onStorage);
  show();
  const forget = () => {
    window.removeEventListener(PREFS_CHANGED, show);
    window.removeEventListener(WAKE_NEWS, show);
    window.removeEventListener("storage", onStorage);
  };
  return { box, forget };
}

export default {
  initialize({ model }) {
    let ticker = null;
    let live = false; // this clock's hold is running here: its start, pause or end is cued once
    const keeper = screenKeeper();
    const stop = () => {
      if (ticker !== null) {
        clearInterval(ticker);
        ticker = null;
      }
    };
    const tick = () => {
      const duration = model.get("duration");
      const next = model.get("elapsed") + 1;
      if (!model.get("running")) return stop();
      if (next >= duration) {
        model.set("elapsed", duration);
        model.set("running", false); // sync() hears it: the end
        stop();
        model.save_changes();
        return;
      }
      model.set("elapsed", next);
      model.save_changes();
      const left = duration - next;
      if (COUNTDOWN.includes(left)) quietly(() => say(`${left} seconds left`));
    };
    const sync = () => {
      const running = model.get("running"), elapsed = model.get("elapsed"), duration = model.get("duration");
      if (running && elapsed >= duration) {
        // The hold was shortened to the time already held: it is over, as at the last tick.
        model.set("elapsed", duration);
        model.set("running", false); // sync() again: the end
        model.save_changes();
        return;
      }
      if (running && ticker === null) ticker = setInterval(tick, 1000);
      if (!running) stop();
      if (running && !live) {
        live = true;
        keeper.start();
        const words = elapsed === 0 ? String(model.get("cue_words") || "").trim() : "";
        quietly(() => say(words ? `${words}. Hold.` : "Hold."));
      } else if (!running && live) {
        live = false;
        keeper.stop();
        quietly(elapsed >= duration ? () => { say("Release."); buzz(); } : hush); // the end, or a pause or reset
      }
    };
    model.on("change:running", sync);
    model.on("change:duration", sync);
    sync();
    return () => { stop(); keeper.forget(); };
  },

  render({ model, el }) {
    el.classList.add("sr-clock");
    const time = document.createElement("div");
    time.className = "sr-clock-time";
    time.setAttribute("role", "timer");
    const bar = document.createElement("progress");
    bar.className = "sr-clock-bar";
    const said = document.createElement("span");
    said.className = "sr-clock-said";
    said.setAttribute("aria-live", "polite");
    // Visually hidden (no stylesheet rule needed): read by screen readers, never seen.
    said.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;"
      + "overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;";
    let quiet = null;
    const announce = () => {
      const duration = Math.max(1, model.get("duration"));
      const elapsed = Math.min(model.get("elapsed"), duration);
      const every = model.get("announce_every");
      const left = duration - elapsed;
      if (!model.get("running") || every <= 0 || left <= 0 || elapsed <= 0 || left % every !== 0) return;
      said.textContent = `${spoken(left)} left`;
      clearTimeout(quiet);
      quiet = setTimeout(() => { said.textContent = ""; }, 2500);
    };
    const update = () => {
      const duration = Math.max(1, model.get("duration"));
      const elapsed = Math.min(model.get("elapsed"), duration);
      const left = duration - elapsed;
      time.textContent = left <= 0 ? "Done" : `${clock(left)} left`;
      time.setAttribute("aria-label", `${model.get("name")}: ${left <= 0 ? "done" : spoken(left) + " left"}`);
      bar.max = duration;
      bar.value = elapsed;
      bar.setAttribute("aria-label", `${model.get("name")} progress`);
      bar.setAttribute("aria-valuetext", `${spoken(elapsed)} of ${spoken(duration)} held`);
      el.dataset.state = model.get("running") ? "running" : left <= 0 ? "finished" : "stopped";
      if (!model.get("running")) said.textContent = "";
    };
    for (const name of ["elapsed", "duration", "running", "name"]) model.on(`change:${name}`, update);
    model.on("change:elapsed", announce);
    el.style.position = "relative";
    update();
    const options = handsFree();
    el.append(time, bar, said, options.box);
    return () => { clearTimeout(quiet); options.forget(); };
  },
};
