"use strict";
// The visitor's phone page: the ticket its link names, live over the event stream.
// It never shows a name or anything about other visitors.

// The same script drives the desk-side tablet (`/desk/ID/visitor`), for visitors without a phone.
// An office of an institution's server lives under /o/ID: its paths go under the same prefix.
const base = (location.pathname.match(/^\/o\/[a-z][a-z0-9-]{0,31}(?=\/)/) || [""])[0];
const here = location.pathname.slice(base.length);
const TABLET = /^\/desk\/[^/]+\/visitor$/.test(here);
const token = here.split("/").pop();
const lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : (document.documentElement.lang || "es");
const $ = (id) => document.getElementById(id);

const WORDS = {
  es: {
    yourTurn: "Su turno", giveUp: "Ya no necesito mi turno", confirmTitle: "¿Ya no necesita su turno?",
    confirmText: "Si lo cancela, perderá su lugar en la fila.", keep: "Conservar mi turno", doCancel: "Sí, cancelar",
    ahead: (n) => n === 0 ? "Usted es el siguiente" : n === 1 ? "1 persona antes que usted" : `${n} personas antes que usted`,
    estimate: (m, ahead) => m > 0 ? `Espera estimada: unos ${m} min` : ahead > 0 ? "Espera estimada: menos de 1 minuto" : "Lo llamarán en cualquier momento",
    noEstimate: "Aún no hay una ventanilla abierta para este servicio",
    calledTitle: "¡Es su turno! Diríjase\u00a0a", recalled: "Lo están llamando de nuevo",
    serving: "Lo están atendiendo", done: "Su atención terminó. Gracias por su visita.",
    noShow: "No se presentó cuando lo llamaron. Acérquese a recepción si aún lo necesita.",
    cancelled: "Canceló su turno.", expired: "Su turno venció al cierre del día.",
    live: "En vivo", offline: "Sin conexión: reintentando…", notFound: "No encontramos este turno. Revise el enlace o pregunte en recepción.",
    cancelFailed: "No se pudo cancelar: ya lo están atendiendo o terminó.",
    howWasIt: "¿Cómo le atendimos?", scale: "1 = muy mal · 5 = muy bien", commentLabel: "Comentario (opcional)",
    sendWhy: (n) => n === 1 ? "Falta 1 pregunta por responder para poder enviar." : `Faltan ${n} preguntas por responder para poder enviar.`,
    send: "Enviar", thanks: "¡Gracias por su opinión! Nos ayuda a mejorar.", sendFailed: "No se pudo enviar: intente de nuevo.",
    welcome: "Bienvenido", servedBy: (desk) => `Usted está en: ${desk}`, staffKey: "Para preparar esta pantalla, entre con su usuario del personal.",
    userLabel: "Usuario", passwordLabel: "Contraseña", wrongPassword: "Usuario o contraseña incorrectos.",
    enter: "Entrar",
    questions: {
      answer: "¿Recibió respuesta o solución a lo que necesitaba?", time: "¿Lo atendieron a tiempo?",
      professionalism: "¿El personal fue profesional?", information: "¿La información que recibió fue clara?",
      attitude: "¿La actitud del personal fue amable?",
    },
  },
  en: {
    yourTurn: "Your ticket", giveUp: "I no longer need my turn", confirmTitle: "Give up your turn?",
    confirmText: "If you cancel it, you lose your place in the queue.", keep: "Keep my turn", doCancel: "Yes, cancel",
    ahead: (n) => n === 0 ? "You are next" : n === 1 ? "1 person before you" : `${n} people before you`,
    estimate: (m, ahead) => m > 0 ? `Estimated wait: about ${m} min` : ahead > 0 ? "Estimated wait: under 1 minute" : "You will be called any moment",
    noEstimate: "No desk is open for this service yet",
    calledTitle: "It's your turn! Please go\u00a0to", recalled: "You are being called again",
    serving: "You are being served", done: "Your visit is over. Thank you for coming.",
    noShow: "You did not come when called. Ask at reception if you still need help.",
    cancelled: "You cancelled your turn.", expired: "Your ticket expired when the office closed.",
    live: "Live", offline: "No connection: retrying…", notFound: "We cannot find this ticket. Check the link or ask at reception.",
    cancelFailed: "It could not be cancelled: you are being served or it is over.",
    howWasIt: "How did we do?", scale: "1 = very poor · 5 = very good", commentLabel: "Comment (optional)",
    sendWhy: (n) => n === 1 ? "1 question is left to answer before sending." : `${n} questions are left to answer before sending.`,
    send: "Send", thanks: "Thank you! Your answer helps us improve.", sendFailed: "It could not be sent: please try again.",
    welcome: "Welcome", servedBy: (desk) => `You are at: ${desk}`, staffKey: "To set up this screen, sign in with your staff account.",
    userLabel: "User name", passwordLabel: "Password", wrongPassword: "Wrong user name or password.",
    enter: "Sign in",
    questions: {
      answer: "Did you get an answer or a solution?", time: "Were you served in good time?",
      professionalism: "Was the staff professional?", information: "Was the information you got clear?",
      attitude: "Was the staff friendly?",
    },
  },
};
const W = WORDS[lang] || WORDS.es;
let visit = null, source = null, timer = null;

function translate() {
  document.documentElement.lang = lang;
  for (const element of document.querySelectorAll("[data-text]")) {
    const text = W[element.dataset.text];
    if (typeof text === "string") element.textContent = text;
  }
}

async function load() {
  try {
    const response = await fetch(`${base}/api/visits/${encodeURIComponent(token)}?lang=${lang}`, { cache: "no-store" });
    if (response.status === 404) return notFound();
    if (!response.ok) throw new Error(String(response.status));
    const next = await response.json();
    const before = visit;
    visit = next;
    render();
    if (next.state === "called" && (!before || before.state !== "called")) alertVisitor();
  } catch (error) {
    $("connection").textContent = W.offline;
  }
}

function render() {
  const v = visit;
  document.title = `${W.yourTurn} ${v.number}`;
  $("office").textContent = v.office;
  $("number").textContent = v.number;
  $("service").textContent = v.serviceName;
  const waiting = v.state === "waiting", called = v.state === "called";
  $("waiting").hidden = !waiting;
  $("called").hidden = !called;
  if (waiting) {
    $("ahead").textContent = W.ahead(v.ahead);
    $("estimate").textContent = v.estimatedWaitMinutes === undefined ? W.noEstimate : W.estimate(v.estimatedWaitMinutes, v.ahead);
  }
  if (called) {
    $("call-title").textContent = W.calledTitle;
    $("call-desk").textContent = v.deskLabel || v.desk || "";
  }
  const states = { serving: W.serving, done: W.done, noShow: W.noShow, cancelled: W.cancelled, expired: W.expired };
  $("state").textContent = states[v.state] || "";
  $("cancel").hidden = !v.canCancel;
  $("feedback").hidden = !v.feedbackOpen;
  if (v.state === "done" && !v.feedbackOpen) $("thanks").hidden = false;
}

// ---- The visitor's judgement: the five key drivers, 1 to 5 ----------------------------

const DRIVERS = ["answer", "time", "professionalism", "information", "attitude"];

function buildQuestions() {
  const sets = DRIVERS.map((driver) => {
    const set = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = W.questions[driver];
    const scale = document.createElement("div");
    scale.className = "scale";
    for (let value = 1; value <= 5; value++) {
      const input = document.createElement("input");
      input.type = "radio";
      input.name = driver;
      input.value = String(value);
      input.id = `${driver}-${value}`;
      input.addEventListener("change", updateSend);
      const label = document.createElement("label");
      label.htmlFor = input.id;
      label.textContent = String(value);
      scale.append(input, label);
    }
    set.append(legend, scale);
    return set;
  });
  $("questions").replaceChildren(...sets);
  updateSend();
}

function chosen() {
  const ratings = {};
  for (const driver of DRIVERS) {
    const picked = document.querySelector(`input[name="${driver}"]:checked`);
    if (picked) ratings[driver] = Number(picked.value);
  }
  return ratings;
}

/** "Enviar" waits for every question, and says so. */
function updateSend() {
  const missing = DRIVERS.length - Object.keys(chosen()).length;
  $("send").disabled = missing > 0;
  $("send-why").textContent = missing > 0 ? W.sendWhy(missing) : "";
}

async function sendFeedback() {
  // One line: the API takes text without control characters.
  const comment = $("comment").value.replace(/\s+/g, " ").trim();
  const response = await fetch(`${base}/api/visits/${encodeURIComponent(token)}/feedback`, {
    method: "POST", headers: { "Content-Type": "application/json" }, cache: "no-store",
    body: JSON.stringify({ ratings: chosen(), comment: comment || null }),
  });
  if (response.ok) {
    visit = await response.json();
    render();
    $("thanks").focus();
  } else {
    $("message").textContent = W.sendFailed;
  }
}

function notFound() {
  visit = null;
  $("number").textContent = "—";
  $("state").textContent = W.notFound;
  $("waiting").hidden = true;
  $("called").hidden = true;
  $("cancel").hidden = true;
  if (source) source.close();
}

/** A sound, a vibration where the browser allows: the visitor may be looking elsewhere. */
function alertVisitor() {
  try {
    const audio = new (window.AudioContext || window.webkitAudioContext)();
    for (const [start, pitch] of [[0, 880], [0.35, 660]]) {
      const tone = audio.createOscillator(), gain = audio.createGain();
      tone.frequency.value = pitch;
      gain.gain.setValueAtTime(0.25, audio.currentTime + start);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + start);
      tone.stop(audio.currentTime + start + 0.32);
    }
  } catch (error) { /* no sound here */ }
  if (navigator.vibrate) navigator.vibrate([300, 120, 300]);
}

function schedule() {
  if (timer) return;
  timer = setTimeout(() => { timer = null; load(); }, 50);
}

function follow() {
  source = new EventSource(`${base}/api/events?visit=${encodeURIComponent(token)}`);
  source.addEventListener("open", () => { $("connection").textContent = W.live; schedule(); });
  source.addEventListener("error", () => { $("connection").textContent = W.offline; });
  for (const kind of ["issued", "called", "started", "finished", "noShow", "transferred", "requeued", "cancelled", "expired", "desk", "reset"]) {
    source.addEventListener(kind, schedule);
  }
  source.addEventListener("recalled", (event) => {
    schedule();
    try {
      if (visit && JSON.parse(event.data).number === visit.number) {
        $("state").textContent = W.recalled;
        alertVisitor();
      }
    } catch (error) { /* not an event of ours */ }
  });
}

async function cancelTurn() {
  const response = await fetch(`${base}/api/visits/${encodeURIComponent(token)}/cancel?lang=${lang}`, { method: "POST", cache: "no-store" });
  if (response.ok) {
    visit = await response.json();
    render();
  } else {
    $("message").textContent = W.cancelFailed;
  }
}


// ---- The desk-side tablet: "Usted está en: Ventanilla N", then the same questions ----------

const deskId = TABLET ? decodeURIComponent(here.split("/")[2]) : "";
const STAFF_KEY = "atiende.staffToken";
const RESET_SECONDS = Number(new URLSearchParams(location.search).get("reset")) || 60;
let rating = null, resetTimer = null;

function staff() { return localStorage.getItem(STAFF_KEY) || ""; }

async function deskLine() {
  const response = await fetch(`${base}/api/desks/${encodeURIComponent(deskId)}?lang=${lang}`, {
    headers: { Authorization: `Bearer ${staff()}` }, cache: "no-store",
  });
  if (response.status === 401 || response.status === 403) { askKey(); return null; }
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

function show(screen) {
  for (const id of ["idle", "serving", "feedback", "thanks", "login"]) $(id).hidden = id !== screen;
}

async function refreshTablet() {
  if (rating) return;  // the visitor is answering: nothing takes the screen away
  try {
    const line = await deskLine();
    // The visit may have ended while this read was on its way: the questions stay.
    if (!line || rating) return;
    $("office").textContent = line.office;
    $("idle-desk").textContent = line.label;
    const ticket = line.current && line.current.ticket;
    if (ticket) {
      $("serving-title").textContent = W.servedBy(line.label);
      $("serving-number").textContent = ticket.number;
      show("serving");
    } else if ($("thanks").hidden) {
      show("idle");
    }
  } catch (error) {
    $("message").textContent = W.offline;
  }
}

function askRatings(number) {
  rating = number;
  for (const input of document.querySelectorAll("#questions input")) input.checked = false;
  $("comment").value = "";
  updateSend();
  show("feedback");
  clearTimeout(resetTimer);
  resetTimer = setTimeout(resetTablet, RESET_SECONDS * 1000);
}

function resetTablet() {
  rating = null;
  show("idle");
  refreshTablet();
}

async function sendTabletRatings() {
  const comment = $("comment").value.replace(/\s+/g, " ").trim();
  const response = await fetch(`${base}/api/desks/${encodeURIComponent(deskId)}/feedback`, {
    method: "POST", cache: "no-store",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${staff()}` },
    body: JSON.stringify({ ratings: chosen(), comment: comment || null }),
  });
  if (!response.ok) { $("message").textContent = W.sendFailed; return; }
  rating = null;
  show("thanks");
  clearTimeout(resetTimer);
  resetTimer = setTimeout(resetTablet, Math.min(RESET_SECONDS, 10) * 1000);
}

function askKey() {
  show("login");
  $("tablet-user").focus();
}

/** A staff member signs the tablet in: its session lasts the working day (the office's
 *  access.sessionHours), then the tablet asks again. */
async function signInTablet() {
  const response = await fetch(base + "/api/session", {
    method: "POST", cache: "no-store", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: $("tablet-user").value.trim().toLowerCase(), password: $("tablet-password").value }),
  }).catch(() => null);
  $("tablet-password").value = "";
  const answer = response && await response.json().catch(() => ({}));
  if (!response || !response.ok) {
    $("login-error").hidden = false;
    $("login-error").textContent = response && response.status === 401 ? W.wrongPassword : (answer.error || W.offline);
    return;
  }
  $("login-error").hidden = true;
  localStorage.setItem(STAFF_KEY, answer.token);
  followDesk();
  refreshTablet();
}

function followDesk() {
  if (source) source.close();
  source = new EventSource(`${base}/api/events?access_token=${encodeURIComponent(staff())}`);
  source.addEventListener("open", refreshTablet);
  for (const kind of ["called", "recalled", "started", "noShow", "transferred", "requeued", "cancelled", "desk", "reset"]) {
    source.addEventListener(kind, refreshTablet);
  }
  source.addEventListener("finished", (event) => {
    try {
      const data = JSON.parse(event.data);
      if (data.desk === deskId) { askRatings(data.number); return; }
    } catch (error) { /* not ours */ }
    refreshTablet();
  });
}

function startTablet() {
  $("send").addEventListener("click", sendTabletRatings);
  $("login").addEventListener("submit", (event) => {
    event.preventDefault();
    signInTablet();
  });
  if (!staff()) { askKey(); return; }
  followDesk();
  refreshTablet();
}

// ---- Start ---------------------------------------------------------------------------

translate();
buildQuestions();
$("thanks").tabIndex = -1;
if (TABLET) {
  startTablet();
} else {
  $("send").addEventListener("click", sendFeedback);
  $("cancel").addEventListener("click", () => { $("confirm").returnValue = ""; $("confirm").showModal(); });
  $("confirm").addEventListener("close", () => { if ($("confirm").returnValue === "cancel") cancelTurn(); });
  load().then(() => { if (visit) follow(); });
}
