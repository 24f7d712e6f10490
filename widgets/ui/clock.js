// Spasm Relief hold clock: counts seconds in the browser and shows them accessibly.
// The kernel sets `running`, `duration` and `elapsed`; while running, this code adds one
// second to `elapsed` each second and stops itself at `duration`. One ticker per model,
// however many views show it. While running, the clock is the only place that states the
// time left: every `announce_every` seconds it also says it in a polite live region (hidden
// from sight, and emptied again soon, so it never lingers as a second, older time).

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

export default {
  initialize({ model }) {
    let ticker = null;
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
        model.set("running", false);
        stop();
      } else {
        model.set("elapsed", next);
      }
      model.save_changes();
    };
    const sync = () => {
      const wanted = model.get("running") && model.get("elapsed") < model.get("duration");
      if (wanted && ticker === null) ticker = setInterval(tick, 1000);
      if (!wanted) stop();
      if (model.get("running") && model.get("elapsed") >= model.get("duration")) {
        // The hold was shortened to the time already held: it is over, as at the last tick.
        model.set("elapsed", model.get("duration"));
        model.set("running", false);
        model.save_changes();
      }
    };
    model.on("change:running", sync);
    model.on("change:duration", sync);
    sync();
    return stop;
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
    let hush = null;
    const announce = () => {
      const duration = Math.max(1, model.get("duration"));
      const elapsed = Math.min(model.get("elapsed"), duration);
      const every = model.get("announce_every");
      const left = duration - elapsed;
      if (!model.get("running") || every <= 0 || left <= 0 || elapsed <= 0 || left % every !== 0) return;
      said.textContent = `${spoken(left)} left`;
      clearTimeout(hush);
      hush = setTimeout(() => { said.textContent = ""; }, 2500);
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
    el.append(time, bar, said);
    return () => clearTimeout(hush);
  },
};
