// Requests from every channel, for staff: register one (it gets its number at once, to read
// out or hand over), and the list of people still to contact, the nearest deadline first,
// coloured against it, with the call back recorded in two taps. Signing in and the API are
// in staff.js.
"use strict";

const WORDS = {
  es: {
    title: "Solicitudes", openTitle: "Por contactar", newTitle: "Registrar una solicitud", number: "Número", about: "Asunto",
    person: "Persona", left: "Tiempo para contactar", action: "Acción", channel: "Cómo llegó", service: "Servicio",
    summary: "Qué pide (en pocas palabras)", personName: "Nombre de la persona", phone: "Teléfono", email: "Correo",
    register: "Registrar", note: "Nota (opcional)", cancel: "Cancelar", loginHelp: "Entre con su propio usuario.",
    channels: { inPerson: "En persona", phone: "Teléfono", email: "Correo electrónico", written: "Nota escrita", lostCall: "Llamada perdida", referred: "Otro funcionario" },
    results: { reached: "Hablé con la persona", leftWord: "Dejé recado", noAnswer: "No contestó", wrongNumber: "Número equivocado" },
    record: "Registrar llamada", recordLabel: (n) => `Registrar una llamada a la persona de la solicitud ${n}`,
    contactTitle: (n) => `Llamada de la solicitud ${n}`, nobody: "Nadie espera contacto: todas las solicitudes están atendidas.",
    registered: (n, due) => `Solicitud ${n} registrada. Dígale a la persona su número; se le contactará antes de ${due}.`,
    recorded: (n) => `Llamada registrada en la solicitud ${n}.`, reachedDone: (n) => `Solicitud ${n}: persona contactada.`,
    overdue: (t) => `⚠ Vencida hace ${t}`, leftIn: (t) => `Quedan ${t}`, unassigned: "sin asignar", handledBy: (who) => `la atiende ${who}`,
    minutes: (s) => duration(s, "menos de 1 min"), noName: "(sin nombre)",
    onlyMine: "Solo las que atiendo yo (y las que nadie atiende)", nobodyMine: "Nada por contactar a su nombre.",
    assign: "Quién la atiende (usuario; vacío: usted)", receiptTitle: "Constancia de recibo", printReceipt: "Imprimir constancia",
    mailSent: (to) => `Se envió la confirmación a ${to}.`,
    mailFailed: (why) => `No se pudo enviar la confirmación por correo: ${why}. Dé el número a la persona por otro medio.`,
    nextTry: "Próximo intento, si no habló con la persona (opcional)", nextShown: (t) => `próximo intento: ${t}`,
    knownTitle: "Lo que ya sabemos", scriptTitle: "Qué decir al llamar", noAttempts: "Nadie la ha llamado todavía.",
    lostCalls: (list) => `☎ Llamadas perdidas por devolver ya, con una disculpa: ${list}.`,
  },
  en: {
    title: "Requests", openTitle: "To contact", newTitle: "Register a request", number: "Number", about: "About",
    person: "Person", left: "Time to contact", action: "Action", channel: "How it came", service: "Service",
    summary: "What they ask (in a few words)", personName: "The person's name", phone: "Phone", email: "Email",
    register: "Register", note: "Note (optional)", cancel: "Cancel", loginHelp: "Sign in as yourself.",
    channels: { inPerson: "In person", phone: "Phone", email: "Email", written: "Written note", lostCall: "Lost call", referred: "Another official" },
    results: { reached: "Spoke with them", leftWord: "Left word", noAnswer: "No answer", wrongNumber: "Wrong number" },
    record: "Record a call", recordLabel: (n) => `Record a call to the person of request ${n}`,
    contactTitle: (n) => `Call for request ${n}`, nobody: "Nobody is waiting to be contacted.",
    registered: (n, due) => `Request ${n} registered. Tell the person their number; they will be contacted by ${due}.`,
    recorded: (n) => `Call recorded on request ${n}.`, reachedDone: (n) => `Request ${n}: person contacted.`,
    overdue: (t) => `⚠ Overdue by ${t}`, leftIn: (t) => `${t} left`, unassigned: "unassigned", handledBy: (who) => `handled by ${who}`,
    minutes: (s) => duration(s, "under 1 min"), noName: "(no name)",
    onlyMine: "Only those I handle (and those nobody handles)", nobodyMine: "Nothing to contact in your name.",
    assign: "Who handles it (user name; empty: you)", receiptTitle: "Acknowledgement of receipt", printReceipt: "Print the receipt",
    mailSent: (to) => `The confirmation was emailed to ${to}.`,
    mailFailed: (why) => `The confirmation could not be emailed: ${why}. Give the person the number another way.`,
    nextTry: "Next try, if you did not reach them (optional)", nextShown: (t) => `next try: ${t}`,
    knownTitle: "What we already know", scriptTitle: "What to say when calling", noAttempts: "Nobody has called yet.",
    lostCalls: (list) => `☎ Lost calls to return now, with an apology: ${list}.`,
  },
};
const W = staffWords(WORDS);

let open = [], services = [], readAt = 0, officeTime = null, busy = false;

function explain(error) {
  if (error.status === 401) { askToken(token ? W.sessionEnded : ""); return ""; }
  if (error.reason.startsWith("unavailable")) return `${W.offline}: ${error.message}`;
  return error.message;
}

function say(text, ok = false) {
  $("message").hidden = !text;
  $("message").textContent = text || "";
  $("message").classList.toggle("ok", ok);
}

/** Seconds from the server's now (moved on since it was read) to `iso`. */
function secondsTo(iso) {
  const now = Date.parse(officeTime) + (Date.now() - readAt);
  return Math.floor((Date.parse(iso) - now) / 1000);
}

function render() {
  const hasServices = services.length > 0;
  if (hasServices && !$("service").options.length) {
    $("service").replaceChildren(...services.map((s) => new Option(`${s.code} · ${s.name}`, s.code)));
    $("channel").replaceChildren(...Object.entries(W.channels).map(([k, v]) => new Option(v, k)));
    $("channel").value = "phone";
  }
  // The official's own list, or the whole office's (a supervisor's), nearest deadline first.
  const user = me && me.staff ? me.staff.user : null;
  const shown = $("only-mine").checked ? open.filter((r) => !r.assignee || r.assignee === user) : open;
  if (!shown.length) {
    const row = document.createElement("tr");
    tableCell(row, open.length ? W.nobodyMine : W.nobody).colSpan = 5;
    $("open-rows").replaceChildren(row);
    return;
  }
  $("open-rows").replaceChildren(...shown.map((r) => {
    const row = document.createElement("tr");
    const number = document.createElement("span");
    number.className = "ticket-number";
    number.textContent = r.number;
    tableCell(row, number);
    const about = document.createElement("span");
    about.append(`${W.channels[r.channel] || r.channel} · ${r.service}`, document.createElement("br"), r.summary);
    tableCell(row, about, "", W.about);
    const person = document.createElement("span");
    person.append(r.name || W.noName, document.createElement("br"), [r.phone, r.email].filter(Boolean).join(" · "));
    tableCell(row, person, "", W.person);
    // Against the deadline like the waits on the wall: past it, a sign and words, never colour alone.
    const left = secondsTo(r.deadline), total = Math.max(1, Math.floor((Date.parse(r.deadline) - Date.parse(r.receivedAt)) / 1000));
    const badge = document.createElement("span");
    badge.className = `level ${left < 0 ? "red" : left < total / 4 ? "amber" : "green"}`;
    badge.textContent = left < 0 ? W.overdue(W.minutes(-left)) : W.leftIn(W.minutes(left));
    const due = tableCell(row, badge, "n", W.left);
    due.append(document.createElement("br"), r.assignee ? W.handledBy(r.assignee) : W.unassigned);
    const last = r.attempts[r.attempts.length - 1];
    if (last && last.next) due.append(document.createElement("br"), W.nextShown(last.next.replace("T", " ").slice(0, 16)));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small";
    button.textContent = W.record;
    button.setAttribute("aria-label", W.recordLabel(r.number));
    button.disabled = busy;
    button.addEventListener("click", () => openContact(r));
    tableCell(row, button, "n");
    return row;
  }));
}

function refresh() {
  return readAll(["/api/requests", `/api/status?lang=${lang}`], (requests, status) => {
    open = requests;
    services = status.services;
    officeTime = status.takenAt;
    readAt = Date.now();
    $("office-name").textContent = "";
    showLostCalls();
  });
}

/** Lost calls nobody has returned yet, for whoever they are assigned to (or anyone, when
 *  nobody is): the seminario asks for the call back at once. */
function showLostCalls() {
  const user = me && me.staff ? me.staff.user : null;
  const mine = open.filter((r) => r.channel === "lostCall" && !r.attempts.length && (!r.assignee || r.assignee === user));
  $("lost-calls").hidden = !mine.length;
  $("lost-calls").textContent = mine.length ? W.lostCalls(mine.map((r) => r.number + (r.phone ? ` (${r.phone})` : "")).join(", ")) : "";
}

function list(id, items) {
  $(id).replaceChildren(...items.map((text) => {
    const item = document.createElement("li");
    item.textContent = text;
    return item;
  }));
}

/** The receipt of a request just registered: to read out, to print, and whether the
 *  confirmation was mailed. */
function showReceipt(request) {
  $("receipt").hidden = false;
  $("receipt-number").textContent = request.number;
  list("receipt-lines", (request.receipt || []).slice(3));
  const mail = request.mail === "sent" ? W.mailSent(request.email) : request.mail === "failed" ? W.mailFailed(request.mailProblem || "") : "";
  $("receipt-mail").hidden = !mail;
  $("receipt-mail").textContent = mail;
  $("receipt-mail").classList.toggle("problem", request.mail === "failed");
}

function openContact(request) {
  $("contact-title").textContent = W.contactTitle(request.number);
  $("contact-who").textContent = `${request.name || W.noName} · ${[request.phone, request.email].filter(Boolean).join(" · ")}`;
  $("contact-note").value = "";
  $("contact-next").value = "";
  $("contact-summary").textContent = request.summary;
  list("contact-attempts", []);
  list("contact-script", []);
  // What was said before and the script come with the whole request.
  api("GET", `/api/requests/${encodeURIComponent(request.number)}`).then((whole) => {
    const attempts = whole.attempts.map((a) => `${a.at.replace("T", " ").slice(0, 16)} · ${W.results[a.result] || a.result}${a.by ? ` · ${a.by}` : ""}${a.note ? ` · ${a.note}` : ""}${a.next ? ` · ${W.nextShown(a.next.replace("T", " ").slice(0, 16))}` : ""}`);
    list("contact-attempts", attempts.length ? attempts : [W.noAttempts]);
    list("contact-script", whole.callBack || []);
  }).catch((error) => { const text = explain(error); if (text) say(text); });
  $("contact-results").replaceChildren(...Object.entries(W.results).map(([result, words]) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = words;
    button.addEventListener("click", async () => {
      $("contact-dialog").close();
      await record(request, result, $("contact-note").value.trim());
    });
    return button;
  }));
  $("contact-dialog").showModal();
  $("contact-note").focus();
}

async function record(request, result, note) {
  busy = true;
  render();
  try {
    // The next try in the office's time: the offset the server's clock gave.
    const next = $("contact-next").value && result !== "reached" ? `${$("contact-next").value}:00${(officeTime || "").slice(-6)}` : null;
    await api("POST", `/api/requests/${encodeURIComponent(request.number)}/contacts`, { result, ...(note ? { note } : {}), ...(next ? { next } : {}) });
    say(result === "reached" ? W.reachedDone(request.number) : W.recorded(request.number), true);
  } catch (error) {
    const text = explain(error);
    if (text) say(text);
  } finally {
    busy = false;
    await refresh();
  }
}

async function register(event) {
  event.preventDefault();
  say("");
  const value = (id) => $(id).value.trim();
  // One line: the server takes no line breaks in a request's text.
  const body = { channel: $("channel").value, service: $("service").value, summary: value("summary").replace(/\s*\n\s*/g, " ") };
  for (const [key, id] of [["name", "person-name"], ["phone", "phone"], ["email", "email"], ["assignee", "assign"]]) if (value(id)) body[key] = value(id);
  $("register").disabled = true;
  try {
    const request = await api("POST", "/api/requests", body);
    for (const id of ["summary", "person-name", "phone", "email", "assign"]) $(id).value = "";
    const due = request.deadline.replace("T", " ").slice(0, 16);
    $("registered").hidden = false;
    $("registered").textContent = W.registered(request.number, due);
    showReceipt(request);
    await refresh();
  } catch (error) {
    const text = explain(error);
    if (text) say(text);
  } finally {
    $("register").disabled = false;
  }
}

async function begin(session) {
  if (!await whoAmI(session)) return;
  setConnection(true);
  await refresh();
}

function start() {
  translatePage();
  wireSignIn(() => { open = []; });
  $("new-request").addEventListener("submit", register);
  $("only-mine").addEventListener("change", render);
  $("print-receipt").addEventListener("click", () => {
    document.body.classList.add("printing-receipt");
    window.print();
    document.body.classList.remove("printing-receipt");
  });
  // Time left moves on by itself; what others recorded is read again now and then.
  setInterval(() => { if (token && !$("console").hidden) render(); }, 15000);
  setInterval(() => { if (token && !$("console").hidden) refresh(); }, 30000);
  if (token) begin(); else askToken("");
}

start();
