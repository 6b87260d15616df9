// The supervisor's view: every desk (its state, its ticket, who sits there and since
// when), every queue against the target, and every waiting ticket, live over the event
// stream. One click opens or closes a desk, or moves a waiting ticket to another
// service. Signing in, the API and the stream are in staff.js.
"use strict";

const WORDS = {
  es: {
    title: "Supervisión", desks: "Ventanillas", desk: "Ventanilla", state: "Estado", ticket: "Turno", person: "Quién atiende",
    action: "Acción", queues: "Filas", service: "Servicio", people: "Personas", longest: "Espera más larga",
    deskCount: "Abiertas", waiting: "En espera", cancel: "Cancelar", loginHelp: "Entre con su propio usuario de supervisión.",
    notSupervisor: (name) => `${name}: esta vista es para supervisión. Su usuario atiende en ventanilla: `,
    states: { idle: "Libre", called: "Llamando", serving: "En atención", closed: "Cerrada" },
    open: (label) => `Abrir ${label}`, close: (label) => `Cerrar ${label}`, openShort: "Abrir", closeShort: "Cerrar",
    nobody: "Nadie", since: (t, d) => `desde las ${t} (${d})`, calledAgo: (d) => `hace ${d}`,
    minutes: (s) => duration(s, "menos de 1 min"), emptyLine: "Nadie espera.", preferential: "Preferencial",
    move: "Mover…", moveLabel: (n) => `Mover ${n} a otro servicio`, moveTitle: (n) => `Mover ${n} a otro servicio`,
    moved: (n, s) => `${n} ahora espera en ${s}.`, opened: (l) => `${l} abierta.`, closed: (l) => `${l} cerrada.`,
    alerts: (n, target) => `${n} ${n === 1 ? "persona espera" : "personas esperan"} más de ${target} min: `,
    requestsOverdue: (n) => (n === 1 ? "⚠ 1 solicitud vencida: la persona aún no ha sido contactada."
      : `⚠ ${n} solicitudes vencidas: las personas aún no han sido contactadas.`),
    seeRequests: "Ver solicitudes",
    supportCall: (desk, ticket, who, ago) => `⚑ ${desk} pide apoyo de un supervisor${ticket ? ` con el turno ${ticket}` : ""}${who ? ` (${who})` : ""}, hace ${ago}.`,
    supportGo: "Voy en camino", supportGoLabel: (desk) => `Responder a ${desk}: voy en camino`,
    supportAnswered: (desk) => `Se avisó a ${desk} que va en camino.`,
    diskLow: (mb) => `⚠ Al servidor le queda poco disco (${mb} MB libres): avise a quien lo administra antes de que deje de emitir turnos.`,
    promise: (p) => `Promesa en riesgo: se proyecta ${Math.round(p)} % a tiempo.`,
  },
  en: {
    title: "Supervisor", desks: "Desks", desk: "Desk", state: "State", ticket: "Ticket", person: "Who is there",
    action: "Action", queues: "Queues", service: "Service", people: "People", longest: "Longest wait",
    deskCount: "Open desks", waiting: "Waiting", cancel: "Cancel", loginHelp: "Sign in as yourself, with a supervisor's account.",
    notSupervisor: (name) => `${name}: this view is for supervisors. Your account works at a desk: `,
    states: { idle: "Free", called: "Calling", serving: "Serving", closed: "Closed" },
    open: (label) => `Open ${label}`, close: (label) => `Close ${label}`, openShort: "Open", closeShort: "Close",
    nobody: "Nobody", since: (t, d) => `since ${t} (${d})`, calledAgo: (d) => `${d} ago`,
    minutes: (s) => duration(s, "under 1 min"), emptyLine: "Nobody is waiting.", preferential: "Priority",
    move: "Move…", moveLabel: (n) => `Move ${n} to another service`, moveTitle: (n) => `Move ${n} to another service`,
    moved: (n, s) => `${n} now waits in ${s}.`, opened: (l) => `${l} open.`, closed: (l) => `${l} closed.`,
    alerts: (n, target) => `${n} waiting past ${target} min: `,
    requestsOverdue: (n) => `⚠ ${n} overdue ${n === 1 ? "request: the person has" : "requests: the people have"} not been contacted yet.`,
    seeRequests: "See requests",
    supportCall: (desk, ticket, who, ago) => `⚑ ${desk} asks for a supervisor${ticket ? ` with ticket ${ticket}` : ""}${who ? ` (${who})` : ""}, ${ago} ago.`,
    supportGo: "On my way", supportGoLabel: (desk) => `Answer ${desk}: on my way`,
    supportAnswered: (desk) => `${desk} was told you are on your way.`,
    diskLow: (mb) => `⚠ The server is running out of disk (${mb} MB free): tell whoever runs it before it stops issuing tickets.`,
    promise: (p) => `Promise at risk: ${Math.round(p)}% projected on time.`,
  },
};
const W = staffWords(WORDS);

const REFUSALS = {
  es: {
    deskNotEmpty: "La ventanilla aún tiene un turno: que lo finalicen o lo devuelvan a la fila antes de cerrarla.",
    illegalTransition: "Ese turno ya no está en espera: fue llamado o terminó.",
    transferToSameService: "El turno ya espera en ese servicio.", serviceInactive: "Ese servicio no se ofrece ahora.",
    forbidden: "Su usuario no puede supervisar: entre con un usuario de supervisión.",
  },
  en: {},
};

let status = null, floor = null, support = [], fetchedAt = 0, busy = false;

function elapsed() { return Math.max(0, Math.floor((Date.now() - fetchedAt) / 1000)); }

function say(text, ok = false) {
  $("message").hidden = !text;
  $("message").textContent = text || "";
  $("message").classList.toggle("ok", ok);
}

function explain(error) {
  if (error.status === 401) { askToken(token ? W.sessionEnded : ""); return ""; }
  if (error.reason.startsWith("unavailable")) return `${W.offline}: ${error.message}`;
  return (REFUSALS[lang] || {})[error.reason] || error.message;
}

/** A wait as shown: its colour and, past the target, a sign that does not need colour. */
function waitCell(cell, seconds) {
  const badge = document.createElement("span");
  const shade = level(seconds, floor.waitLevels);
  badge.className = `level ${shade}`;
  badge.textContent = (shade === "red" ? "⚠ " : "") + W.minutes(seconds);
  cell.replaceChildren(badge);
}

function cell(row, text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.textContent = text;
  row.append(td);
  return td;
}

function render() {
  if (!status || !floor) return;
  const extra = elapsed();
  $("office-name").textContent = floor.office;
  $("clock").textContent = localTime(floor.takenAt, extra);
  const seated = Object.fromEntries(floor.seated.map((s) => [s.desk, s]));
  const desks = $("desks");
  desks.replaceChildren(...status.desks.map((d) => {
    const row = document.createElement("tr");
    const label = cell(row, d.label);
    label.scope = "row";
    cell(row, W.states[d.state] || d.state, `state-${d.state}`);
    const ticket = cell(row, d.ticket ? "" : "—");
    if (d.ticket) {
      // The number never breaks at its hyphen; the words after it may wrap.
      const number = document.createElement("span");
      number.className = "ticket-number";
      number.textContent = d.ticket;
      ticket.append(number, d.calledAt ? " · " + W.calledAgo(W.minutes(secondsSince(d.calledAt) + extra)) : "");
    }
    const person = seated[d.id];
    cell(row, person ? `${person.name} · ${W.since(localTime(person.since), W.minutes(secondsSince(person.since) + extra))}` : W.nobody);
    const action = cell(row, "", "n");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small";
    const closed = d.state === "closed";
    button.textContent = closed ? W.openShort : W.closeShort;
    button.setAttribute("aria-label", closed ? W.open(d.label) : W.close(d.label));
    button.disabled = busy;
    button.addEventListener("click", () => setDesk(d, closed));
    action.append(button);
    return row;
  }));
  const services = $("services");
  services.replaceChildren(...status.services.map((s) => {
    const row = document.createElement("tr");
    cell(row, `${s.code} · ${s.name}`);
    cell(row, String(s.waiting), "n");
    const longest = cell(row, "", "n");
    if (s.waiting) waitCell(longest, s.longestWaitSeconds + extra); else longest.textContent = "—";
    cell(row, String(s.openDesks), "n");
    return row;
  }));
  const promise = status.promise;
  $("promise").hidden = !(promise && promise.atRisk);
  if (promise && promise.atRisk) $("promise").textContent = W.promise(promise.projectedWithinTargetPercent);
  const late = status.alerts || [];
  $("alerts").hidden = !late.length;
  if (late.length) $("alerts").textContent = W.alerts(late.length, floor.targetWaitMinutes) + late.map((a) => a.number).join(", ");
  renderSupport();
  // Requests whose person was not contacted in time: a sign and words, with the way to them.
  const overdue = status.requestsOverdue || 0;
  $("requests-overdue").hidden = !overdue;
  if (overdue) {
    const link = document.createElement("a");
    link.href = `${base}/requests${lang === "en" ? "?lang=en" : ""}`;
    link.textContent = W.seeRequests;
    $("requests-overdue").replaceChildren(W.requestsOverdue(overdue), " ", link);
  }
  // A disk nearly full is seen coming here too, as on the desks.
  const low = status.storage && status.storage.low;
  $("disk").hidden = !low;
  if (low) $("disk").textContent = W.diskLow(Math.floor(status.storage.freeBytes / 1048576));
  const line = $("line");
  if (!floor.waiting.length) {
    const empty = document.createElement("li");
    empty.className = "empty";
    empty.textContent = W.emptyLine;
    line.replaceChildren(empty);
    return;
  }
  line.replaceChildren(...floor.waiting.map((t) => {
    const item = document.createElement("li");
    const number = document.createElement("span");
    number.className = "num";
    // A moved ticket keeps its number: say which queue it waits in now.
    const moved = t.number.split("-")[0] !== t.service ? ` → ${t.service}` : "";
    const digits = document.createElement("span");
    digits.className = "ticket-number";
    digits.textContent = t.number;
    number.append(digits, `${moved}${t.preferential ? " · " + W.preferential : ""}`);
    const wait = document.createElement("span");
    waitCell(wait, t.waitingSeconds + extra);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small";
    button.textContent = W.move;
    button.setAttribute("aria-label", W.moveLabel(t.number));
    button.disabled = busy;
    button.addEventListener("click", () => openMove(t));
    item.append(number, wait, button);
    return item;
  }));
}

function secondsSince(iso) {
  return Math.max(0, Math.floor((Date.parse(floor.takenAt) - Date.parse(iso)) / 1000));
}

/** Desks asking for a supervisor, oldest first, each with its answer one click away. */
function renderSupport() {
  const open = support.filter((c) => !c.acknowledgedAt);
  $("support").hidden = !open.length;
  $("support").replaceChildren(...open.map((call) => {
    const line = document.createElement("p");
    const desk = call.deskLabel || call.desk;
    const ago = W.minutes(Math.max(0, Math.floor((Date.parse(floor.takenAt) - Date.parse(call.askedAt)) / 1000)) + elapsed());
    line.append(W.supportCall(desk, call.ticket, call.askedByName || call.askedBy, ago), " ");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small";
    button.textContent = W.supportGo;
    button.setAttribute("aria-label", W.supportGoLabel(desk));
    button.disabled = busy;
    button.addEventListener("click", () => run(() => api("POST", `/api/desks/${encodeURIComponent(call.desk)}/support/acknowledge`), W.supportAnswered(desk)));
    line.append(button);
    return line;
  }));
}

function refresh() {
  return readAll([`/api/status?lang=${lang}`, "/api/floor", "/api/support"], (s, f, calls) => {
    status = s;
    floor = f;
    support = calls;
    fetchedAt = Date.now();
  });
}


async function run(operation, done) {
  if (busy) return;
  busy = true;
  render();
  say("");
  try {
    await operation();
    say(done, true);
    await refresh();
  } catch (error) {
    const text = explain(error);
    if (text) say(text);
  } finally {
    busy = false;
    render();
  }
}

function setDesk(desk, open) {
  run(() => api("POST", `/api/desks/${encodeURIComponent(desk.id)}/${open ? "open" : "close"}`),
    open ? W.opened(desk.label) : W.closed(desk.label));
}

function openMove(ticket) {
  $("move-title").textContent = W.moveTitle(ticket.number);
  const choices = status.services.filter((s) => s.code !== ticket.service).map((s) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${s.code} · ${s.name}`;
    button.addEventListener("click", () => {
      $("move-dialog").close();
      run(() => api("POST", `/api/tickets/${encodeURIComponent(ticket.number)}/move`, { to: s.code }), W.moved(ticket.number, s.name));
    });
    return button;
  });
  $("move-options").replaceChildren(...choices);
  $("move-dialog").showModal();
  if (choices.length) choices[0].focus();
}

/** Supervisors and admins see the floor; a clerk is sent to their desks. */
async function begin(session) {
  if (!await whoAmI(session)) return;
  if (me.role !== "supervisor" && me.role !== "admin") {
    offerDesks(W.notSupervisor(me.staff ? me.staff.name : ""), (me.staff && me.staff.desks.length) ? me.staff.desks : ["1"]);
    return;
  }
  follow();
  refresh();
}

function start() {
  translatePage();
  wireSignIn(() => { if (source) source.close(); });
  setInterval(render, 5000);
  if (token) begin(); else askToken("");
}

start();
