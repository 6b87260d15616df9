// What the desk console and the supervisor's view share: the API, signing in as
// oneself, the event stream, and how waits and times are shown. Plain JavaScript, loaded
// before the page's own script, which defines W (its words, with staffWords), explain(error),
// begin(session) (what to do once signed in) and refresh() (what to read on a change).
"use strict";

const params = new URLSearchParams(location.search);
// An office of an institution's server lives under /o/ID (docs/postgres.md): every path the
// page asks for goes under the same prefix, and `here` is the page's path within the office.
const base = (location.pathname.match(/^\/o\/[a-z][a-z0-9-]{0,31}(?=\/)/) || [""])[0];
const here = location.pathname.slice(base.length);
const lang = params.get("lang") === "en" ? "en" : "es";
// The deprecated shared staff key, which a link may still carry (#token=…), is kept in
// localStorage as before; a person's session only in this tab (sessionStorage).
const TOKEN_KEY = "atiende.staffToken", SESSION_KEY = "atiende.session";

/** Words every staff page says alike, in the page's language: signing in, the link's
 *  state, the desks' names. A page's own words (`own[lang]`) come on top. */
const STAFF_WORDS = {
  es: {
    loginTitle: "Iniciar sesión",
    enter: "Entrar",
    userLabel: "Usuario",
    passwordLabel: "Contraseña",
    wrongPassword: "Usuario o contraseña incorrectos. Revise ambos, o pida a la administración una contraseña nueva.",
    tooMany: (s) => `Demasiados intentos fallidos: espere ${s} segundos y vuelva a intentar.`,
    signedInAs: (name) => `Sesión de ${name}`,
    deskLink: (id) => `Ventanilla ${id}`,
    logout: "Salir", requestsLink: "Solicitudes",
    live: "En vivo",
    offline: "Sin conexión",
    connecting: "Conectando…",
    sessionEnded: "Su sesión terminó: entre de nuevo.",
  },
  en: {
    loginTitle: "Sign in",
    enter: "Sign in",
    userLabel: "User name",
    passwordLabel: "Password",
    wrongPassword: "Wrong user name or password. Check both, or ask the administration for a new password.",
    tooMany: (s) => `Too many failed attempts: wait ${s} seconds and try again.`,
    signedInAs: (name) => `Signed in: ${name}`,
    deskLink: (id) => `Desk ${id}`,
    logout: "Sign out", requestsLink: "Requests",
    live: "Live",
    offline: "No connection",
    connecting: "Connecting…",
    sessionEnded: "Your session has ended: sign in again.",
  },
};
function staffWords(own) { return { ...STAFF_WORDS[lang], ...own[lang] }; }

let refreshTimer = null;

/** Many events in a burst cause one read (the page's `refresh`). */
function scheduleRefresh() {
  if (refreshTimer || !token) return;
  refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, 30);
}

/** Waits in whole minutes, as on the wall: "12 min", "1 h 05 min". */
function duration(seconds, underOne) {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  if (minutes < 1) return underOne;
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem(SESSION_KEY) || localStorage.getItem(TOKEN_KEY) || "";
/** Who is signed in (`GET /api/session`): `staff` is null for the shared key. */
let me = null;
/** True from the page's start or a sign-in until the page's data first shows: focus then
 *  goes to the first thing to do there (see `land`), not to the page's start. */
let landing = true;

/** Puts focus on the page's first enabled `[data-landing]` element, once after the page
 *  starts or a person signs in: a keyboard user lands on "Llamar siguiente" at a desk,
 *  on the first heading of the supervisor's and the admin's pages. */
function land() {
  if (!landing || $("console").hidden) return;
  landing = false;
  const target = [...document.querySelectorAll("[data-landing]")].find((e) => !e.disabled && !e.hidden);
  if (target) target.focus();
}

class ApiError extends Error {
  constructor(status, reason, message) { super(message); this.status = status; this.reason = reason; }
}

async function api(method, path, body) {
  // The server words its refusals in the page's language.
  const headers = { Accept: "application/json", "Accept-Language": lang };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined, cache: "no-store" });
  } catch (e) {
    throw new ApiError(0, "unavailable.network", W.offline);
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data.reason || "", data.error || response.statusText);
  return data;
}

/** The server's rule (WaitLevel in the core), applied to waits as they grow between reads. */
function level(seconds, levels) {
  if (seconds > levels.redAfterSeconds) return "red";
  return seconds >= levels.amberFromSeconds ? "amber" : "green";
}

/** Office-local "HH:MM" from an ISO time with offset, moved on by `plus` seconds. */
function localTime(iso, plus = 0) {
  const m = /T(\d\d):(\d\d):(\d\d)/.exec(iso || "");
  if (!m) return "";
  const total = (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + plus) % 86400;
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}`;
}

function setConnection(on) {
  const badge = $("connection");
  badge.textContent = on ? W.live : W.offline;
  badge.className = `connection ${on ? "on" : "off"}`;
}

let source = null;

/** Follows the event stream. EventSource cannot send headers, so the key goes in the
 *  address, which the server accepts for this stream alone and never logs. */
function follow() {
  if (source) source.close();
  source = new EventSource(base + (token ? "/api/events?access_token=" + encodeURIComponent(token) : "/api/events"));
  source.onopen = () => { setConnection(true); scheduleRefresh(); };
  source.onerror = () => setConnection(false);
  const kinds = ["hello", "issued", "called", "recalled", "started", "finished", "noShow", "transferred",
    "requeued", "cancelled", "expired", "desk", "office", "device", "support", "reset", "message"];
  for (const kind of kinds) source.addEventListener(kind, scheduleRefresh);
}

function askToken(error) {
  forget();
  landing = true;
  $("login-error").hidden = !error;
  $("login-error").textContent = error || "";
  $("password").value = "";
  if (!$("login-dialog").open) $("login-dialog").showModal();
  ($("user").value ? $("password") : $("user")).focus();
}

/** Drops the token this browser holds, and who it named. */
function forget() {
  sessionStorage.removeItem(SESSION_KEY);
  localStorage.removeItem(TOKEN_KEY);
  token = "";
  me = null;
  showWho();
}

async function signIn(user, password) {
  $("login-submit").disabled = true;
  try {
    const session = await api("POST", "/api/session", { user, password });
    token = session.token;
    sessionStorage.setItem(SESSION_KEY, token);
    $("login-dialog").close();
    await begin(session);
  } catch (error) {
    const text = error.status === 401 ? W.wrongPassword
      : error.status === 429 ? W.tooMany((error.message.match(/\d+/) || ["60"])[0]) : explain(error);
    $("login-error").hidden = false;
    $("login-error").textContent = text;
    $("password").value = "";
    $("password").focus();
  } finally {
    $("login-submit").disabled = false;
  }
}

function showWho() {
  const name = me && me.staff ? me.staff.name : "";
  $("who").hidden = !name;
  $("who").textContent = name;
  $("who").title = name ? W.signedInAs(name) : "";
}

function translatePage() {
  document.documentElement.lang = lang;
  for (const element of document.querySelectorAll("[data-text]")) {
    const text = W[element.dataset.text];
    if (typeof text === "string") element.textContent = text;
  }
  $("connection").textContent = W.connecting;
  // The requests' page of the same office, in the same language.
  const requests = $("requests-link");
  if (requests) requests.href = `${base}/requests${lang === "en" ? "?lang=en" : ""}`;
}

function pageError(text) {
  $("page-error").hidden = false;
  $("page-error").textContent = text;
}

/** Whose the token is (`session` when just signed in); `null`, with the reason on the
 *  page, when that cannot be learnt. */
async function whoAmI(session) {
  try {
    me = session || await api("GET", "/api/session");
  } catch (error) {
    const text = explain(error);
    if (text) pageError(text);
    return null;
  }
  showWho();
  return me;
}

/** `prefix` on the page, then links to the desks the account may work. */
function offerDesks(prefix, desks) {
  const box = $("page-error");
  box.replaceChildren(document.createTextNode(prefix));
  desks.forEach((id, i) => {
    const link = document.createElement("a");
    link.href = `${base}/desk/${encodeURIComponent(id)}${location.search}`;
    link.textContent = W.deskLink(id);
    box.append(i ? ", " : "", link);
  });
  box.hidden = false;
  $("console").hidden = true;
}

/** The sign-in form, and "Salir", which ends the session on the server too (the token is
 *  of no use to anyone after it); `leaving` does what else the page needs. */
function wireSignIn(leaving) {
  $("login").addEventListener("submit", (event) => {
    event.preventDefault();
    const user = $("user").value.trim().toLowerCase();
    if (user && $("password").value) signIn(user, $("password").value);
  });
  // Escape would leave an empty page behind the dialog: signing in is the way forward.
  $("login-dialog").addEventListener("cancel", (event) => event.preventDefault());
  $("logout").addEventListener("click", () => {
    if (me && me.staff) api("DELETE", "/api/session").catch(() => {});
    forget();
    leaving();
    $("console").hidden = true;
    $("page-error").hidden = true;
    $("user").value = "";
    askToken("");
  });
}

/** Reads `paths` together and hands the answers to `use`, then shows the console. A
 *  failure is said on the page before the console has ever shown (its message line is
 *  hidden with it), and in the message line after. */
async function readAll(paths, use) {
  try {
    use(...await Promise.all(paths.map((path) => api("GET", path))));
    $("console").hidden = false;
    $("page-error").hidden = true;
    render();
    land();
  } catch (error) {
    const text = explain(error);
    if (text && $("console").hidden) pageError(text); else if (text) say(text);
  }
}

/** A table cell of `row` holding `content` (text or an element); `label` names it when a
 *  narrow screen shows the row as a card (the offices' and the requests' tables). */
function tableCell(row, content, className, label) {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (label) td.dataset.label = label;
  if (content instanceof Node) td.append(content); else td.textContent = content;
  row.append(td);
  return td;
}
