// The desk console: what one desk's staff need, live. Plain JavaScript, no build step.
// It reads /api/desks/{id} (the desk, its ticket, its line) and /api/status (every
// service's queue), acts with POST /api/desks/{id}/…, and refreshes on every message of
// the event stream /api/events. Signing in, the API and the stream are in staff.js,
// which the supervisor's view shares.
"use strict";

const deskId = decodeURIComponent(here.split("/")[2] || "1");

const WORDS = {
  es: {
    current: "Turno en la ventanilla", next: "Llamar siguiente", recall: "Repetir llamado", start: "Iniciar atención",
    finish: "Finalizar", noShow: "No se presentó", requeue: "Devolver a la fila", transfer: "Transferir a…",
    callNumber: "Llamar número…", waiting: "En espera", service: "Servicio", people: "Personas",
    longest: "Espera más larga", "next-for-desk": "Próximos para esta ventanilla",
    loginHelp: "Entre con su propio usuario: cada llamado y cada atención quedan a su nombre.",
    sessionEnded: "Su sesión terminó o la clave no es válida: entre de nuevo.",
    notYourDesk: (name, desks) => `${name} puede atender en ${desks.length === 1 ? "la ventanilla" : "las ventanillas"}: `,
    transferTitle: "Transferir a otro servicio", callTitle: "Llamar un número", cancel: "Cancelar", call: "Llamar", idle: "Libre: llame al siguiente", called: "Llamado: esperando que llegue", serving: "En atención",
    closed: "Ventanilla cerrada",
    waited: (m) => `Esperó ${m}`, calledAt: (t) => `llamado a las ${t}`, nobody: "Nadie espera por esta ventanilla.",
    emptyLine: "Nadie en espera para esta ventanilla.", preferential: "Preferencial", open: "Abrir ventanilla",
    close: "Cerrar ventanilla", alerts: (n, target) => `${n} ${n === 1 ? "persona espera" : "personas esperan"} más de ${target} min: `,
    done: (n) => `${n} finalizado.`,
    doneWithRequest: (n, r) => `${n} finalizado. Se abrió la solicitud ${r}: dele este número a la persona.`,
    askSupport: "Pedir apoyo de un supervisor",
    supportAsked: (t) => `Se avisó a los supervisores a las ${t}: alguien vendrá a esta ventanilla.`,
    supportComing: (who, t) => `${who || "Un supervisor"} viene en camino (respondió a las ${t}).`,
    caseLabel: "Solicitud de la persona", caseShow: "Ver lo que ya sabemos", caseTitle: (n, service) => `Solicitud ${n} · ${service}`,
    caseState: { pending: "Aún no se ha contactado a la persona; hay tiempo.", overdue: "⚠ Vencida: aún no se ha contactado a la persona.",
      met: "Ya se contactó a la persona, a tiempo.", missed: "Ya se contactó a la persona, después del plazo." },
    caseHandled: (who) => ` La atiende ${who}.`, caseNoAttempts: "Nadie ha llamado a la persona todavía.",
    results: { reached: "habló con la persona", leftWord: "dejó recado", noAnswer: "no contestó", wrongNumber: "número equivocado" },
    finishTitle: "¿Cómo terminó la atención?", finishWithout: "Finalizar sin resultado",
    noteLabel: "Nota interna (opcional, solo para el personal)", caseNumber: "Número de radicado",
    referredTo: "Entidad a la que se remite", needDetail: (what) => `Escriba: ${what.toLowerCase()}.`,
    minutes: (s) => duration(s, "menos de 1 min"),
    promise: (p) => `Promesa en riesgo: se proyecta ${Math.round(p)} % a tiempo.`, promiseAdvice: "Promesa en riesgo:",
    announceCall: (n, d) => `Llamado el turno ${n} a ${d}.`,
    printer: { missing: "no encuentra su impresora", failing: "su impresora falla" },
    diskLow: (mb) => `⚠ Al servidor le queda poco disco (${mb} MB libres): avise a quien lo administra antes de que deje de emitir turnos.`,
    device: (name, problem, t) => `⚠ Kiosco «${name}»: ${problem} desde las ${t}. Los turnos salen solo en pantalla: revise la impresora (papel, cable).`,
  },
  en: {
    announceCall: (n, d) => `Ticket ${n} called to ${d}.`,
    current: "Ticket at this desk", next: "Call next", recall: "Call again", start: "Start service", finish: "Finish",
    noShow: "Did not come", requeue: "Back to the queue", transfer: "Transfer to…", callNumber: "Call number…",
    waiting: "Waiting", service: "Service", people: "People", longest: "Longest wait",
    "next-for-desk": "Next for this desk", loginHelp: "Sign in as yourself: every call and every visit is recorded in your name.",
    sessionEnded: "Your session has ended or the key is not valid: sign in again.",
    notYourDesk: (name, desks) => `${name} may work at ${desks.length === 1 ? "desk" : "desks"}: `, transferTitle: "Transfer to another service", callTitle: "Call a number", cancel: "Cancel",
    call: "Call", idle: "Free: call the next visitor", called: "Called: waiting for the visitor",
    serving: "Being served", closed: "Desk closed",
    waited: (m) => `Waited ${m}`, calledAt: (t) => `called at ${t}`, nobody: "Nobody is waiting for this desk.",
    emptyLine: "Nobody waiting for this desk.", preferential: "Priority", open: "Open desk", close: "Close desk",
    alerts: (n, target) => `${n} waiting past ${target} min: `, done: (n) => `${n} finished.`,
    doneWithRequest: (n, r) => `${n} finished. Request ${r} opened: give the person this number.`,
    askSupport: "Ask a supervisor for help",
    supportAsked: (t) => `Supervisors were told at ${t}: someone will come to this desk.`,
    supportComing: (who, t) => `${who || "A supervisor"} is on the way (answered at ${t}).`,
    caseLabel: "The person's request", caseShow: "See what we already know", caseTitle: (n, service) => `Request ${n} · ${service}`,
    caseState: { pending: "The person has not been contacted yet; there is time.", overdue: "⚠ Overdue: the person has not been contacted yet.",
      met: "The person was contacted, in time.", missed: "The person was contacted, after the deadline." },
    caseHandled: (who) => ` Handled by ${who}.`, caseNoAttempts: "Nobody has called the person yet.",
    results: { reached: "spoke with the person", leftWord: "left word", noAnswer: "no answer", wrongNumber: "wrong number" },
    promise: (p) => `Promise at risk: ${Math.round(p)}% projected on time.`, promiseAdvice: "Promise at risk:",
    finishTitle: "How did the visit end?", finishWithout: "Finish without an outcome",
    noteLabel: "Private note (optional, staff only)", caseNumber: "Case number",
    referredTo: "Institution referred to", needDetail: (what) => `Type the ${what.toLowerCase()}.`,
    minutes: (s) => duration(s, "under 1 min"),
    printer: { missing: "cannot find its printer", failing: "its printer is failing" },
    diskLow: (mb) => `⚠ The server is running out of disk (${mb} MB free): tell whoever runs it before it stops issuing tickets.`,
    device: (name, problem, t) => `⚠ Kiosk “${name}”: ${problem} since ${t}. Tickets show on screen only: check the printer (paper, cable).`,
  },
};
const W = staffWords(WORDS);

// Refusals the queue explains, in the console's language; anything else shows the server's message.
const REFUSALS = {
  es: {
    deskBusy: "La ventanilla ya tiene un turno: finalícelo, márquelo como ausente o devuélvalo a la fila primero.",
    deskIdle: "No hay turno en esta ventanilla: llame al siguiente primero.",
    deskClosed: "La ventanilla está cerrada: ábrala primero.",
    deskNotEmpty: "La ventanilla aún tiene un turno: finalícelo o devuélvalo a la fila antes de cerrar.",
    deskDoesNotServe: "Esta ventanilla no atiende ese servicio: llámelo desde otra o transfiéralo.",
    ticketNotFound: "No hay un turno con ese número hoy: revíselo (por ejemplo A-007).",
    invalidTicketNumber: "Escriba el número así: A-007.",
    illegalTransition: "Ese turno ya fue llamado o atendido: no se puede llamar de nuevo así.",
    transferToSameService: "El turno ya está en ese servicio: elija otro.",
    serviceInactive: "Ese servicio no se ofrece ahora.", unknownService: "Ese servicio no existe.",
    forbidden: "Esta clave no sirve para atender en ventanilla: use la clave del personal (Salir, y entre de nuevo).",
    deskNotAllowed: "Su usuario no puede atender en esta ventanilla: elija una de las suyas.",
    unknownDesk: "Esta ventanilla no existe en la oficina: revise la dirección, por ejemplo /desk/1.",
    outcomeMissing: "Esta oficina registra cómo terminó cada atención: elija un resultado.",
    outcomeNeedsDetail: "Ese resultado necesita un dato más: escríbalo.",
    unknownOutcome: "Ese resultado no existe en esta oficina.",
  },
  en: {},
};

let desk = null, status = null, fetchedAt = 0, busy = false, lastAnnounced = "";

function deskPath(action) { return `/api/desks/${encodeURIComponent(deskId)}${action ? "/" + action : ""}`; }

// ---- Showing -------------------------------------------------------------------------

/** A wait as shown: past the target it says so with a sign, not only in red. */
function waitText(seconds) {
  return (level(seconds, desk.waitLevels) === "red" ? "⚠ " : "") + W.minutes(seconds);
}

function elapsed() { return Math.max(0, Math.floor((Date.now() - fetchedAt) / 1000)); }

function render() {
  if (!desk || !status) return;
  const extra = elapsed();
  document.title = `Atiende · ${desk.label}`;
  $("desk-label").textContent = desk.label;
  $("office-name").textContent = desk.office;
  $("clock").textContent = localTime(desk.takenAt, extra);

  const current = desk.current;
  const ticket = current && current.ticket;
  $("current-number").textContent = ticket ? ticket.number : "—";
  // A screen reader hears each call as it happens (and a recall), not only sees it.
  const heard = ticket && (desk.state === "called" || desk.state === "serving")
    ? `${ticket.number} ${W[desk.state] || ""} ${ticket.calledAt || ticket.firstCalledAt || ""}` : "";
  if (heard !== lastAnnounced) {
    lastAnnounced = heard;
    $("announce").textContent = ticket && desk.state === "called" ? W.announceCall(ticket.number, desk.label) : "";
  }
  $("current-number").classList.toggle("none", !ticket);
  $("current-name").textContent = ticket && ticket.firstName ? ticket.firstName : "";
  const stateText = desk.state === "closed" ? W.closed : W[desk.state] || desk.state;
  $("current-state").innerHTML = "";
  $("current-state").append(stateText);
  if (ticket && ticket.preferential) {
    const badge = document.createElement("span");
    badge.className = "pref";
    badge.textContent = W.preferential;
    $("current-state").append(badge);
  }
  $("current-wait").textContent = ticket
    ? `${W.waited(W.minutes(current.waitSeconds))} · ${W.calledAt(localTime(ticket.calledAt || ticket.firstCalledAt))}`
    : "";

  $("toggle-desk").hidden = false;
  $("toggle-desk").textContent = desk.state === "closed" ? W.open : W.close;
  $("toggle-desk").disabled = busy || desk.state === "called" || desk.state === "serving";

  const enabled = {
    idle: ["next", "call"], called: ["recall", "start", "no-show", "requeue"], serving: ["finish", "transfer"], closed: [],
  }[desk.state] || [];
  for (const button of document.querySelectorAll(".actions button")) {
    button.disabled = busy || !enabled.includes(button.dataset.action);
  }

  const mine = new Set(desk.services);
  const rows = status.services.map((s) => {
    const tr = document.createElement("tr");
    tr.className = mine.has(s.code) ? "mine" : "other";
    const wait = s.waiting > 0 ? s.longestWaitSeconds + extra : 0;
    const name = document.createElement("td");
    name.textContent = `${s.code} · ${s.name}`;
    const count = document.createElement("td");
    count.className = "n";
    count.textContent = s.waiting;
    const longest = document.createElement("td");
    longest.className = "n";
    if (s.waiting > 0) {
      const chip = document.createElement("span");
      chip.className = `level ${level(wait, desk.waitLevels)}`;
      chip.textContent = waitText(wait);
      longest.append(chip);
    } else {
      longest.textContent = "–";
    }
    tr.append(name, count, longest);
    return tr;
  });
  $("services").replaceChildren(...rows);

  // The promise: said before it breaks, with what to do (the server words the advice).
  const promise = status.promise;
  $("promise").hidden = !(promise && promise.belowThreshold);
  $("promise").textContent = promise && promise.belowThreshold
    ? "⚠ " + (promise.advice ? `${W.promiseAdvice} ${promise.advice}.` : W.promise(promise.projectedWithinTargetPercent))
    : "";

  // A kiosk whose printer is missing or failing: someone should go and look.
  // A disk nearly full is seen coming, as a failing printer is.
  const troubled = (status.devices || []).filter((d) => d.printer !== "ok");
  const lines = troubled.map((d) => W.device(d.device, W.printer[d.printer], localTime(d.since)));
  if (status.storage && status.storage.low) lines.push(W.diskLow(Math.floor(status.storage.freeBytes / 1048576)));
  $("devices").hidden = lines.length === 0;
  $("devices").textContent = lines.join("\n");

  const late = status.alerts.filter((a) => a.pastTarget && mine.has(a.service));
  $("alerts").hidden = late.length === 0;
  $("alerts").textContent = late.length
    ? W.alerts(late.length, desk.targetWaitMinutes) + late.map((a) => `${a.number} (${W.minutes(a.waitingSeconds + extra)})`).join(", ")
    : "";

  const items = desk.waiting.slice(0, 8).map((t) => {
    const li = document.createElement("li");
    const num = document.createElement("span");
    num.className = "num";
    num.textContent = t.number;
    if (t.preferential) {
      const badge = document.createElement("span");
      badge.className = "pref";
      badge.textContent = W.preferential;
      num.append(badge);
    }
    const chip = document.createElement("span");
    const wait = t.waitingSeconds + extra;
    chip.className = `level ${level(wait, desk.waitLevels)}`;
    chip.textContent = waitText(wait);
    li.append(num, chip);
    return li;
  });
  if (items.length === 0) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = W.emptyLine;
    items.push(li);
  }
  $("line").replaceChildren(...items);
}

function say(text, ok = false) {
  const box = $("message");
  box.hidden = !text;
  box.textContent = text || "";
  box.classList.toggle("ok", ok);
}

function explain(error) {
  if (error.status === 401) { askToken(token ? W.sessionEnded : ""); return ""; }
  if (error.reason.startsWith("unavailable")) return `${W.offline}: ${error.message}`;
  return (REFUSALS[lang] || {})[error.reason] || error.message;
}

// ---- Reading -------------------------------------------------------------------------

function refresh() {
  return readAll([`${deskPath()}?lang=${lang}`, `/api/status?lang=${lang}`, "/api/support"], (d, s, calls) => {
    desk = d;
    status = s;
    showSupport(calls);
    fetchedAt = Date.now();
  });
}


// ---- A superior, when needed -----------------------------------------------------------

/** This desk's latest call for help, as the server keeps it: asked, or answered. */
function showSupport(calls) {
  const mine = calls.filter((c) => c.desk === deskId).pop();
  $("support-state").textContent = !mine ? ""
    : mine.acknowledgedAt ? W.supportComing(mine.acknowledgedByName || mine.acknowledgedBy, localTime(mine.acknowledgedAt))
    : W.supportAsked(localTime(mine.askedAt));
}

async function askSupport() {
  try {
    await api("POST", deskPath("support"));
    await refresh();
  } catch (error) {
    const text = explain(error);
    if (text) say(text);
  }
}

// ---- What the office already knows ------------------------------------------------------

/** A request's summary, notes and calls, so the person is not asked again what they
 *  already said (staff only: the API refuses anyone else). */
async function showCase(number) {
  try {
    const request = await api("GET", `/api/requests/${encodeURIComponent(number)}`);
    $("case").hidden = false;
    $("case-title").textContent = W.caseTitle(request.number, request.service);
    $("case-state").textContent = W.caseState[request.promise] + (request.assignee ? W.caseHandled(request.assignee) : "");
    $("case-summary").textContent = request.summary;
    const attempts = request.attempts.map((a) => `${a.at.replace("T", " ").slice(0, 16)} · ${W.results[a.result] || a.result}${a.by ? ` · ${a.by}` : ""}${a.note ? ` · ${a.note}` : ""}`);
    $("case-attempts").replaceChildren(...(attempts.length ? attempts : [W.caseNoAttempts]).map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }));
    $("case").scrollIntoView({ block: "nearest" });
  } catch (error) {
    $("case").hidden = true;
    const text = explain(error);
    if (text) say(text);
  }
}

// ---- Acting --------------------------------------------------------------------------

async function act(action, body) {
  if (busy) return;
  busy = true;
  render();
  say("");
  try {
    const result = await api("POST", deskPath(action), body);
    if (action === "next" && result.number === null) say(W.nobody);
    if (action === "finish" && result.number) say(result.request ? W.doneWithRequest(result.number, result.request) : W.done(result.number), true);
    if (action === "finish" && result.request) showCase(result.request);
    await refresh();
  } catch (error) {
    const text = explain(error);
    if (text) say(text);
  } finally {
    busy = false;
    render();
    keepFocus();
  }
}

/** A keyboard user whose button just became disabled (Llamar siguiente after a call)
 *  lands on the next thing to do, not on the page's start. */
function keepFocus() {
  const focused = document.activeElement;
  if (focused && focused !== document.body && !focused.disabled) return;
  const next = document.querySelector(".actions button:not(:disabled)");
  if (next) next.focus();
}

function openTransfer() {
  const current = desk && desk.current && desk.current.ticket;
  const choices = desk.allServices.filter((s) => !current || s.code !== current.service).map((s) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${s.code} · ${s.name}`;
    button.dataset.service = s.code;
    button.onclick = () => { $("transfer-dialog").close(); act("transfer", { to: s.code }); };
    return button;
  });
  $("transfer-options").replaceChildren(...choices);
  $("transfer-dialog").showModal();
}

// ---- Finishing: how the visit ended ---------------------------------------------------

let chosenOutcome = null;

function openFinish() {
  chosenOutcome = null;
  const outcomes = (desk && desk.outcomes) || [];
  const choices = outcomes.map((o, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = o.name;
    button.dataset.outcome = o.code;
    if (index === 0) button.classList.add("primary");
    // One tap for an outcome that needs nothing more; the others ask for their detail.
    button.onclick = () => (o.needs ? chooseOutcome(o, button) : finishAs({ outcome: o.code }));
    return button;
  });
  $("finish-options").replaceChildren(...choices);
  $("finish-detail").hidden = true;
  $("finish-submit").hidden = true;
  $("finish-plain").hidden = Boolean(desk && desk.outcomeRequired);
  $("finish-note").value = "";
  $("finish-detail-input").value = "";
  $("finish-error").hidden = true;
  $("finish-dialog").showModal();
  if (choices[0]) choices[0].focus();
}

function chooseOutcome(outcome, button) {
  chosenOutcome = outcome;
  for (const other of $("finish-options").children) other.setAttribute("aria-pressed", String(other === button));
  $("finish-detail-label").textContent = W[outcome.needs];
  $("finish-detail").hidden = false;
  $("finish-submit").hidden = false;
  $("finish-detail-input").focus();
}

function finishAs(body) {
  const note = $("finish-note").value.trim();
  if (body && note) body.note = note;
  $("finish-dialog").close();
  act("finish", body);
}

function openCall() {
  $("call-input").value = "";
  $("call-dialog").showModal();
  $("call-input").focus();
}

/** With a token: learns whose it is, then shows the desk, or the desks the account may work. */
async function begin(session) {
  if (!await whoAmI(session)) return;
  const desks = (me.staff && me.staff.desks) || [];
  if (desks.length && !desks.includes(deskId)) {
    offerDesks(W.notYourDesk(me.staff.name, desks), desks);
    return;
  }
  // Says who sits here, for the supervisor and the reports (the shared key names no one).
  if (me.staff) api("POST", deskPath("staff")).catch(() => {});
  follow();
  refresh();
}

function start() {
  translatePage();
  // A token may come in the link (#token=…): kept, then removed from the address bar.
  const fromLink = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromLink) {
    token = fromLink;
    localStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, "", location.pathname + location.search);
  }
  for (const button of document.querySelectorAll(".actions button")) {
    const action = button.dataset.action;
    button.addEventListener("click", () => {
      if (action === "transfer") openTransfer();
      else if (action === "finish" && desk && desk.outcomes && desk.outcomes.length) openFinish();
      else if (action === "call") openCall();
      else act(action);
    });
  }
  wireSignIn(follow);
  $("call-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const number = $("call-input").value.trim();
    $("call-dialog").close();
    if (number) act("call", { number });
  });
  $("call-cancel").addEventListener("click", () => $("call-dialog").close());
  $("ask-support").addEventListener("click", askSupport);
  $("case-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const number = $("case-input").value.trim();
    if (number) showCase(number);
  });
  $("finish-cancel").addEventListener("click", () => $("finish-dialog").close());
  $("finish-plain").addEventListener("click", () => finishAs(undefined));
  $("finish-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!chosenOutcome) return;
    const detail = $("finish-detail-input").value.trim();
    if (!detail) {
      $("finish-error").textContent = W.needDetail(W[chosenOutcome.needs]);
      $("finish-error").hidden = false;
      $("finish-detail-input").focus();
      return;
    }
    finishAs({ outcome: chosenOutcome.code, [chosenOutcome.needs]: detail });
  });
  $("toggle-desk").addEventListener("click", () => act(desk && desk.state === "closed" ? "open" : "close"));
  setInterval(render, 5000);
  if (token) begin(); else askToken("");
}

start();
