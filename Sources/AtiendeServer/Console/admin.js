// The office run from the browser, for admins: services, desks, hours and the target,
// notices, staff accounts, and the whole config as JSON. Every change is a whole config
// sent with PUT /api/office, checked as `atiende init` checks it: the server's one line
// says what to fix, and nothing is half-applied. Signing in is in staff.js.
"use strict";

const WORDS = {
  es: {
    bring: "Qué traer (separe con ;)", ownHours: "Horario propio", tokensTitle: "Fichas de acceso de los equipos",
    kioskTokens: "Kioscos (separe con comas)", readTokens: "Pantallas de solo lectura (vacío: lectura abierta)",
    newPassword: "Contraseña nueva (vacío: la misma)", activeAccount: "Puede entrar", cancel: "Cancelar",
    show: "Ver", showLabel: (v) => `Ver la versión ${v}`, shown: (v) => `La versión ${v} está en el editor: Guardar la vuelve a aplicar.`,
    edit: "Cambiar…", editLabel: (u) => `Cambiar ${u}`, opensAt: (c) => `${c} abre`, closesAt: (c) => `${c} cierra`,
    day: "Día", isOpen: "Abre ese día", dayNames: { mon: "lunes", tue: "martes", wed: "miércoles", thu: "jueves", fri: "viernes", sat: "sábado", sun: "domingo" },
    title: "Administración", services: "Servicios", code: "Código", name: "Nombre", description: "Qué es", active: "Activo",
    addService: "Agregar un servicio", save: "Guardar", desks: "Ventanillas", desk: "Ventanilla", label: "Nombre",
    serves: "Servicios que atiende", hoursTitle: "Horario y meta", opens: "Abre", closes: "Cierra",
    lunchFrom: "Almuerzo desde (vacío: sin pausa)",
    lunchTo: "Almuerzo hasta", target: "Meta de espera (minutos)", headStart: "Ventaja preferencial (minutos)",
    closedDates: "Días cerrados (uno por línea: 2026-12-25 Navidad)", noticesTitle: "Avisos",
    noticesHelp: "Uno por línea, hasta 100 letras: la pantalla y el kiosco los muestran por turnos.",
    staffTitle: "Personal", user: "Usuario", role: "Rol", action: "Acción", addStaff: "Agregar una persona",
    desksHelp: "Ventanillas (vacío: todas)", password: "Contraseña (8 o más)", add: "Agregar",
    jsonTitle: "Configuración completa (JSON)", historyTitle: "Historial",
    jsonHelp: "Todo lo demás (horarios por día, fichas de acceso de kioscos y pantallas, idiomas): se revisa igual que el archivo.", loginHelp: "Entre con su propio usuario de administración.",
    notAdmin: (name) => `${name}: esta página es para administración.`,
    saved: (v) => `Guardado: versión ${v}. Las pantallas ya lo muestran.`, unchanged: "Nada cambió.",
    roles: { clerk: "ventanilla", supervisor: "supervisión", admin: "administración" }, all: "todas",
    disable: (u) => `Desactivar ${u}`, enable: (u) => `Activar ${u}`, disableShort: "Desactivar", enableShort: "Activar",
    added: (u) => `${u} puede entrar.`, changed: (u) => `${u}: cambio guardado.`, badJSON: (e) => `El JSON no es válido: ${e}`,
    by: (who, t) => `${t}${who ? " · " + who : " · atiende init"}`,
  },
  en: {
    bring: "What to bring (separate with ;)", ownHours: "Own hours", tokensTitle: "The machines' access tokens",
    kioskTokens: "Kiosks (separate with commas)", readTokens: "Read-only screens (empty: reading is open)",
    newPassword: "New password (empty: the same)", activeAccount: "May sign in", cancel: "Cancel",
    show: "Show", showLabel: (v) => `Show version ${v}`, shown: (v) => `Version ${v} is in the editor: Save applies it again.`,
    edit: "Change…", editLabel: (u) => `Change ${u}`, opensAt: (c) => `${c} opens`, closesAt: (c) => `${c} closes`,
    day: "Day", isOpen: "Open that day", dayNames: { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" },
    title: "Administration", services: "Services", code: "Code", name: "Name", description: "What it is", active: "Active",
    addService: "Add a service", save: "Save", desks: "Desks", desk: "Desk", label: "Name", serves: "Services it serves",
    hoursTitle: "Hours and target", opens: "Opens", closes: "Closes", lunchFrom: "Lunch from (empty: no break)", lunchTo: "Lunch until",
    target: "Wait target (minutes)", headStart: "Priority head start (minutes)",
    closedDates: "Closed days (one a line: 2026-12-25 Christmas)", noticesTitle: "Notices",
    noticesHelp: "One a line, up to 100 letters: the wall and the kiosk show them in turn.",
    staffTitle: "Staff", user: "User name", role: "Role", action: "Action", addStaff: "Add a person",
    desksHelp: "Desks (empty: all)", password: "Password (8 or more)", add: "Add",
    jsonTitle: "The whole config (JSON)", historyTitle: "History",
    jsonHelp: "Everything else (hours per day, kiosk and wall tokens, languages): checked as the file is.", loginHelp: "Sign in as yourself, with an admin's account.",
    notAdmin: (name) => `${name}: this page is for admins.`,
    saved: (v) => `Saved: version ${v}. The screens show it now.`, unchanged: "Nothing changed.",
    roles: { clerk: "desk", supervisor: "supervisor", admin: "admin" }, all: "all",
    disable: (u) => `Disable ${u}`, enable: (u) => `Enable ${u}`, disableShort: "Disable", enableShort: "Enable",
    added: (u) => `${u} can sign in.`, changed: (u) => `${u}: change saved.`, badJSON: (e) => `The JSON is not valid: ${e}`,
    by: (who, t) => `${t}${who ? " · " + who : " · atiende init"}`,
  },
};
const W = staffWords(WORDS);
let config = null, staffList = [];
const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function say(text, ok = false) {
  $("message").hidden = !text;
  $("message").textContent = text || "";
  $("message").classList.toggle("ok", ok);
}

function explain(error) {
  if (error.status === 401) { askToken(token ? W.sessionEnded : ""); return ""; }
  return error.message;
}

const words = (value) => (value && typeof value === "object" ? value[lang] || value.es || Object.values(value)[0] : value) || "";
/** Sets one language of a field that may be a plain text or a text per language. */
function setWords(object, key, text) {
  const value = object[key];
  if (value && typeof value === "object") value[lang] = text; else object[key] = text;
}
function input(value, label, attributes = {}) {
  const field = document.createElement("input");
  field.value = value;
  field.setAttribute("aria-label", label);
  for (const [k, v] of Object.entries(attributes)) field[k] = v;
  return field;
}
function td(...children) { const cell = document.createElement("td"); cell.append(...children); return cell; }

function render() {
  $("office-name").textContent = words(config.name);
  $("service-rows").replaceChildren(...config.services.map((s, i) => {
    const row = document.createElement("tr");
    const active = input("", `${W.active}: ${s.code}`, { type: "checkbox", checked: s.active !== false });
    active.dataset.index = i;
    const bring = ((s.bring || {})[lang] || (s.bring || {}).es || []).join("; ");
    const hours = s.hours || {};
    row.append(td(s.code), td(input(words(s.name), `${W.name}: ${s.code}`, { className: "name" })),
      td(input(words(s.description), `${W.description}: ${s.code}`, { className: "description" })),
      td(input(bring, `${W.bring}: ${s.code}`, { className: "bring" })),
      td(input(hours.open || "", W.opensAt(s.code), { className: "opens", type: "time" }),
        input(hours.close || "", W.closesAt(s.code), { className: "closes", type: "time" })), td(active));
    return row;
  }));
  $("desk-rows").replaceChildren(...config.desks.map((d) => {
    const row = document.createElement("tr");
    const boxes = config.services.map((s) => {
      const label = document.createElement("label");
      label.className = "check";
      const box = input("", `${words(d.label)}: ${s.code}`, { type: "checkbox", checked: d.services.includes(s.code) });
      box.value = s.code;
      label.append(box, " " + s.code);
      return label;
    });
    row.append(td(d.id), td(input(words(d.label), `${W.label}: ${d.id}`, { className: "label" })), td(...boxes));
    return row;
  }));
  const hours = config.hours || {};
  $("week-rows").replaceChildren(...WEEK.map((day) => {
    const own = (hours.byDay || {})[day];
    const open = Boolean(own) || (hours.days || []).includes(day);
    const row = document.createElement("tr");
    row.dataset.day = day;
    const name = W.dayNames[day];
    row.append(td(name), td(input("", `${W.isOpen}: ${name}`, { type: "checkbox", checked: open, className: "open-day" })),
      td(input(open ? (own || hours).open || "" : "", `${W.opens}: ${name}`, { type: "time", className: "opens" })),
      td(input(open ? (own || hours).close || "" : "", `${W.closes}: ${name}`, { type: "time", className: "closes" })));
    return row;
  }));
  $("lunch-open").value = (hours.lunch || {}).open || "";
  $("lunch-close").value = (hours.lunch || {}).close || "";
  $("target").value = config.targetWaitMinutes || 15;
  $("head-start").value = config.priorityHeadStartMinutes ?? 10;
  $("closed-dates").value = (hours.closed || []).map((c) => `${c.date} ${words(c.name)}`.trim()).join("\n");
  $("notices").value = (config.notices || []).map((n) => words(n.text)).join("\n");
  const access = config.access || {};
  const list = (value) => (Array.isArray(value) ? value : value ? [value] : []).join(", ");
  $("kiosk-tokens").value = list(access.kiosk);
  $("read-tokens").value = list(access.read);
  $("config-json").value = JSON.stringify(config, null, 2);
  renderStaff();
}

function renderStaff() {
  $("staff-rows").replaceChildren(...staffList.map((a) => {
    const row = document.createElement("tr");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small";
    button.textContent = a.active ? W.disableShort : W.enableShort;
    button.setAttribute("aria-label", a.active ? W.disable(a.user) : W.enable(a.user));
    button.addEventListener("click", () => changeStaff(a.user, { active: !a.active }));
    const edit = document.createElement("button");
    edit.type = "button";
    edit.className = "small";
    edit.textContent = W.edit;
    edit.setAttribute("aria-label", W.editLabel(a.user));
    edit.addEventListener("click", () => openStaff(a));
    row.append(td(a.user), td(a.name + (a.active ? "" : " ✕")), td(W.roles[a.role] || a.role), td(a.desks.join(", ") || W.all), td(button, " ", edit));
    return row;
  }));
}

async function load() {
  try {
    const [office, accounts, versions] = await Promise.all([
      api("GET", "/api/office"), api("GET", "/api/staff"), api("GET", "/api/office/versions")]);
    config = office;
    staffList = accounts;
    $("versions").replaceChildren(...versions.map((v) => {
      const item = document.createElement("li");
      const text = document.createElement("span");
      text.textContent = `${v.version} · ` + W.by(v.appliedBy, v.appliedAt.replace("T", " ").slice(0, 16));
      const show = document.createElement("button");
      show.type = "button";
      show.className = "small";
      show.textContent = W.show;
      show.setAttribute("aria-label", W.showLabel(v.version));
      show.addEventListener("click", () => showVersion(v.version));
      item.append(text, show);
      return item;
    }));
    $("console").hidden = false;
    render();
    land();
  } catch (error) {
    const text = explain(error);
    if (text) pageError(text);
  }
}

/** Sends the whole config; the server checks it and answers with one line when it is wrong. */
async function put(next) {
  say("");
  try {
    const answer = await api("PUT", "/api/office", next);
    say(answer.changed ? W.saved(answer.version) : W.unchanged, true);
    await load();
  } catch (error) {
    const text = explain(error);
    if (text) say(text);
  }
}

const copy = () => JSON.parse(JSON.stringify(config));

function saveServices() {
  const next = copy();
  document.querySelectorAll("#service-rows tr").forEach((row, i) => {
    setWords(next.services[i], "name", row.querySelector("input.name").value.trim());
    setWords(next.services[i], "description", row.querySelector("input.description").value.trim());
    if (row.querySelector("input[type=checkbox]").checked) delete next.services[i].active; else next.services[i].active = false;
    const items = row.querySelector("input.bring").value.split(";").map((t) => t.trim()).filter(Boolean);
    const bring = next.services[i].bring || {};
    if (items.length) bring[lang] = items; else delete bring[lang];
    if (Object.keys(bring).length) next.services[i].bring = bring; else delete next.services[i].bring;
    const opens = row.querySelector("input.opens").value, closes = row.querySelector("input.closes").value;
    if (opens || closes) {
      next.services[i].hours = Object.assign({ days: (next.hours || {}).days || ["mon", "tue", "wed", "thu", "fri"] },
        next.services[i].hours || {}, { open: opens, close: closes });
    } else delete next.services[i].hours;
  });
  const code = $("new-code").value.trim().toUpperCase();
  if (code) {
    const text = (value) => Object.fromEntries((next.languages || [lang]).map((l) => [l, value]));
    next.services.push({ code, name: text($("new-name").value.trim()), description: text($("new-description").value.trim()) });
  }
  put(next);
}

function saveDesks() {
  const next = copy();
  document.querySelectorAll("#desk-rows tr").forEach((row, i) => {
    setWords(next.desks[i], "label", row.querySelector("input.label").value.trim());
    next.desks[i].services = [...row.querySelectorAll("input[type=checkbox]")].filter((b) => b.checked).map((b) => b.value);
  });
  put(next);
}

function saveHours() {
  const next = copy();
  const hours = next.hours = next.hours || {};
  // The most common hours are the office's; a day with other hours gets its own (byDay).
  const open = [...document.querySelectorAll("#week-rows tr")].filter((row) => row.querySelector(".open-day").checked)
    .map((row) => ({ day: row.dataset.day, open: row.querySelector(".opens").value, close: row.querySelector(".closes").value }));
  const counts = {};
  for (const d of open) counts[`${d.open}-${d.close}`] = (counts[`${d.open}-${d.close}`] || 0) + 1;
  const usual = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0] || "-";
  [hours.open, hours.close] = usual.split("-");
  hours.days = open.filter((d) => `${d.open}-${d.close}` === usual).map((d) => d.day);
  const byDay = {};
  for (const d of open) if (`${d.open}-${d.close}` !== usual) byDay[d.day] = { open: d.open, close: d.close };
  if (Object.keys(byDay).length) hours.byDay = byDay; else delete hours.byDay;
  if ($("lunch-open").value) hours.lunch = { open: $("lunch-open").value, close: $("lunch-close").value }; else delete hours.lunch;
  const closed = $("closed-dates").value.split("\n").map((l) => l.trim()).filter(Boolean).map((line) => {
    const [date, ...name] = line.split(/\s+/);
    return name.length ? { date, name: name.join(" ") } : { date };
  });
  if (closed.length) hours.closed = closed; else delete hours.closed;
  next.targetWaitMinutes = Number($("target").value);
  next.priorityHeadStartMinutes = Number($("head-start").value);
  put(next);
}

function saveNotices() {
  const next = copy();
  const lines = $("notices").value.split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length) next.notices = lines.map((text) => ({ text })); else delete next.notices;
  put(next);
}

/** What a version was: its whole config in the editor, to read, or to save again (restore). */
async function showVersion(version) {
  try {
    $("config-json").value = JSON.stringify(await api("GET", `/api/office/versions/${version}`), null, 2);
    say(W.shown(version), true);
    $("config-json").focus();
  } catch (error) {
    const text = explain(error);
    if (text) say(text);
  }
}

function saveTokens() {
  const next = copy();
  const list = (id) => $(id).value.split(",").map((t) => t.trim()).filter(Boolean);
  next.access = next.access || {};
  for (const [key, id] of [["kiosk", "kiosk-tokens"], ["read", "read-tokens"]]) {
    if (list(id).length) next.access[key] = list(id); else delete next.access[key];
  }
  put(next);
}

let editing = null;

function openStaff(account) {
  editing = account;
  $("staff-dialog-title").textContent = W.editLabel(account.user);
  $("edit-name").value = account.name;
  $("edit-role").value = account.role;
  $("edit-desks").value = account.desks.join(", ");
  $("edit-password").value = "";
  $("edit-active").checked = account.active;
  $("staff-dialog").showModal();
  $("edit-name").focus();
}

function saveStaff(event) {
  event.preventDefault();
  $("staff-dialog").close();
  const change = {
    name: $("edit-name").value.trim(), role: $("edit-role").value, active: $("edit-active").checked,
    desks: $("edit-desks").value.split(",").map((d) => d.trim()).filter(Boolean),
  };
  if ($("edit-password").value) change.password = $("edit-password").value;
  changeStaff(editing.user, change);
}

function saveJSON() {
  let next;
  try { next = JSON.parse($("config-json").value); } catch (e) { say(W.badJSON(e.message)); return; }
  put(next);
}

async function addStaff() {
  say("");
  const desks = $("staff-desks").value.split(",").map((d) => d.trim()).filter(Boolean);
  try {
    const account = await api("POST", "/api/staff", {
      user: $("staff-user").value.trim().toLowerCase(), name: $("staff-name").value.trim(), role: $("staff-role").value,
      desks, password: $("staff-password").value });
    for (const id of ["staff-user", "staff-name", "staff-desks", "staff-password"]) $(id).value = "";
    say(W.added(account.user), true);
    await load();
  } catch (error) {
    const text = explain(error);
    if (text) say(text);
  }
}

async function changeStaff(user, change) {
  say("");
  try {
    await api("PUT", `/api/staff/${encodeURIComponent(user)}`, change);
    say(W.changed(user), true);
    await load();
  } catch (error) {
    const text = explain(error);
    if (text) say(text);
  }
}

/** Admins only; anyone else is told so. */
async function begin(session) {
  if (!await whoAmI(session)) return;
  if (me.role !== "admin") {
    pageError(W.notAdmin(me.staff ? me.staff.name : ""));
    return;
  }
  follow();
  load();
}

/** The event stream's news does not reload this page: it would lose what is being typed. */
function refresh() {}

function start() {
  translatePage();
  wireSignIn(() => { if (source) source.close(); });
  $("save-services").addEventListener("click", saveServices);
  $("save-desks").addEventListener("click", saveDesks);
  $("save-hours").addEventListener("click", saveHours);
  $("save-notices").addEventListener("click", saveNotices);
  $("save-json").addEventListener("click", saveJSON);
  $("save-tokens").addEventListener("click", saveTokens);
  $("staff-form").addEventListener("submit", saveStaff);
  $("staff-cancel").addEventListener("click", () => $("staff-dialog").close());
  $("add-staff").addEventListener("click", addStaff);
  setInterval(() => { $("clock").textContent = new Date().toTimeString().slice(0, 5); }, 5000);
  if (token) begin(); else askToken("");
}

start();
