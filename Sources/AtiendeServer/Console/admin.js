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
    addService: "Agregar un servicio", fromCatalogue: "del catálogo de la institución", offerCatalogue: "Ofrecer un servicio del catálogo de la institución",
    noneChosen: "(ninguno)", save: "Guardar", desks: "Ventanillas", desk: "Ventanilla", label: "Nombre",
    serves: "Servicios que atiende", hoursTitle: "Horario y meta", opens: "Abre", closes: "Cierra",
    lunchFrom: "Almuerzo desde (vacío: sin pausa)",
    lunchTo: "Almuerzo hasta", target: "Meta de espera (minutos)", headStart: "Ventaja preferencial (minutos)",
    closedDates: "Días cerrados (uno por línea: 2026-12-25 Navidad)", noticesTitle: "Avisos",
    noticesHelp: "Uno por línea, hasta 100 letras: la pantalla y el kiosco los muestran por turnos.",
    staffTitle: "Personal", user: "Usuario", role: "Rol", action: "Acción", addStaff: "Agregar una persona",
    desksHelp: "Ventanillas (vacío: todas)", password: "Contraseña (8 o más)", passwordShared: "Contraseña (8 o más; vacía si ya trabaja en otra oficina)", add: "Agregar",
    jsonTitle: "Configuración completa (JSON)", historyTitle: "Historial",
    jsonHelp: "Todo lo demás (horarios por día, fichas de acceso de kioscos y pantallas, idiomas): se revisa igual que el archivo.", loginHelp: "Entre con su propio usuario de administración.",
    notAdmin: (name) => `${name}: esta página es para administración.`,
    saved: (v) => `Guardado: versión ${v}. Las pantallas ya lo muestran.`, unchanged: "Nada cambió.",
    roles: { clerk: "ventanilla", supervisor: "supervisión", admin: "administración" }, all: "todas",
    disable: (u) => `Desactivar ${u}`, enable: (u) => `Activar ${u}`, disableShort: "Desactivar", enableShort: "Activar",
    added: (u) => `${u} puede entrar.`, changed: (u) => `${u}: cambio guardado.`, badJSON: (e) => `El JSON no es válido: ${e}`,
    by: (who, t) => `${t}${who ? " · " + who : " · atiende init"}`,
    stale: (v) => `Otra persona guardó un cambio mientras usted editaba: la página muestra ahora la versión ${v}. Haga su cambio de nuevo sobre ella.`,
    changedElsewhere: (v, who) => `La configuración cambió${who ? ` (${who})` : ""}: la página muestra ahora la versión ${v}.`,
    problems: {
      range: (field, low, high) => `${field}: escriba un número entero de ${low} a ${high}.`,
      code: "Agregar un servicio · Código: use una letra de la A a la Z.",
      taken: (code, name) => `Agregar un servicio · Código: la letra ${code} ya es de «${name}»; elija otra.`,
      empty: (where) => `${where}: no puede quedar vacío.`,
      order: (where) => `${where}: la hora de cierre debe ser después de la de apertura.`,
      date: (line) => `Días cerrados: «${line}» no es una fecha; escríbala así: 2026-12-25 Navidad.`,
      long: (n) => `Avisos: el aviso ${n} tiene más de 100 letras; acórtelo.`,
      server: (text) => `No se guardó: ${text}`,
    },
    nameEs: "Nombre", nameEn: "Nombre en inglés (opcional)", descriptionEs: "Qué es", descriptionEn: "Qué es, en inglés (opcional)",
  },
  en: {
    bring: "What to bring (separate with ;)", ownHours: "Own hours", tokensTitle: "The machines' access tokens",
    kioskTokens: "Kiosks (separate with commas)", readTokens: "Read-only screens (empty: reading is open)",
    newPassword: "New password (empty: the same)", activeAccount: "May sign in", cancel: "Cancel",
    show: "Show", showLabel: (v) => `Show version ${v}`, shown: (v) => `Version ${v} is in the editor: Save applies it again.`,
    edit: "Change…", editLabel: (u) => `Change ${u}`, opensAt: (c) => `${c} opens`, closesAt: (c) => `${c} closes`,
    day: "Day", isOpen: "Open that day", dayNames: { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" },
    title: "Administration", services: "Services", code: "Code", name: "Name", description: "What it is", active: "Active",
    addService: "Add a service", fromCatalogue: "from the institution's catalogue", offerCatalogue: "Offer a service of the institution's catalogue",
    noneChosen: "(none)", save: "Save", desks: "Desks", desk: "Desk", label: "Name", serves: "Services it serves",
    hoursTitle: "Hours and target", opens: "Opens", closes: "Closes", lunchFrom: "Lunch from (empty: no break)", lunchTo: "Lunch until",
    target: "Wait target (minutes)", headStart: "Priority head start (minutes)",
    closedDates: "Closed days (one a line: 2026-12-25 Christmas)", noticesTitle: "Notices",
    noticesHelp: "One a line, up to 100 letters: the wall and the kiosk show them in turn.",
    staffTitle: "Staff", user: "User name", role: "Role", action: "Action", addStaff: "Add a person",
    desksHelp: "Desks (empty: all)", password: "Password (8 or more)", passwordShared: "Password (8 or more; empty if they work in another office already)", add: "Add",
    jsonTitle: "The whole config (JSON)", historyTitle: "History",
    jsonHelp: "Everything else (hours per day, kiosk and wall tokens, languages): checked as the file is.", loginHelp: "Sign in as yourself, with an admin's account.",
    notAdmin: (name) => `${name}: this page is for admins.`,
    saved: (v) => `Saved: version ${v}. The screens show it now.`, unchanged: "Nothing changed.",
    roles: { clerk: "desk", supervisor: "supervisor", admin: "admin" }, all: "all",
    disable: (u) => `Disable ${u}`, enable: (u) => `Enable ${u}`, disableShort: "Disable", enableShort: "Enable",
    added: (u) => `${u} can sign in.`, changed: (u) => `${u}: change saved.`, badJSON: (e) => `The JSON is not valid: ${e}`,
    by: (who, t) => `${t}${who ? " · " + who : " · atiende init"}`,
    stale: (v) => `Someone else saved a change while you were editing: the page now shows version ${v}. Make your change again on it.`,
    changedElsewhere: (v, who) => `The config changed${who ? ` (${who})` : ""}: the page now shows version ${v}.`,
    problems: {
      range: (field, low, high) => `${field}: write a whole number from ${low} to ${high}.`,
      code: "Add a service · Code: use one letter from A to Z.",
      taken: (code, name) => `Add a service · Code: the letter ${code} is already “${name}”; choose another.`,
      empty: (where) => `${where}: cannot be left empty.`,
      order: (where) => `${where}: the closing time must be after the opening time.`,
      date: (line) => `Closed days: “${line}” is not a date; write it like 2026-12-25 Christmas.`,
      long: (n) => `Notices: notice ${n} is over 100 letters; shorten it.`,
      server: (text) => `Not saved: ${text}`,
    },
    nameEs: "Name in Spanish", nameEn: "Name in English (optional)", descriptionEs: "What it is, in Spanish", descriptionEn: "What it is, in English (optional)",
  },
};
const W = staffWords(WORDS);
// The config shown and the version it is (sent back with each change, so a change made
// on an old version is refused rather than overwriting someone else's).
let config = null, version = null, staffList = [], catalogue = [];
// The version this page saved last, so its own change is not announced as someone else's.
let saving = null;
// The office's clock: its time when the status was read, and when that was.
let officeTime = null, readAt = 0;
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
    // What a catalogue service is belongs to the institution: shown, not edited here.
    const shared = s.catalogue ? { readOnly: true, title: W.fromCatalogue } : {};
    const note = s.catalogue ? ` (${W.fromCatalogue})` : "";
    const code = document.createElement("span");
    code.textContent = s.code;
    if (s.catalogue) code.append(document.createElement("br"), W.fromCatalogue);
    row.append(td(code), td(input(words(s.name), `${W.name}: ${s.code}${note}`, { className: "name", ...shared })),
      td(input(words(s.description), `${W.description}: ${s.code}${note}`, { className: "description", ...shared })),
      td(input(bring, `${W.bring}: ${s.code}${note}`, { className: "bring", ...shared })),
      td(input(hours.open || "", W.opensAt(s.code), { className: "opens", type: "time" }),
        input(hours.close || "", W.closesAt(s.code), { className: "closes", type: "time" })), td(active));
    return row;
  }));
  const offered = new Set(config.services.map((s) => s.code));
  const choices = catalogue.filter((s) => !offered.has(s.code));
  $("offer-catalogue").hidden = !choices.length;
  $("catalogue-choice").replaceChildren(new Option(W.noneChosen, ""), ...choices.map((s) => new Option(`${s.code} · ${words(s.name)}`, s.code)));
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
    // The versions first: a config read after them is never older than the version kept.
    const versions = await api("GET", "/api/office/versions");
    const [office, accounts, status] = await Promise.all([api("GET", "/api/office"), api("GET", "/api/staff"), api("GET", "/api/status")]);
    // An office of an institution may offer its catalogue's services; a single office has none.
    catalogue = await api("GET", "/api/institution/catalogue").then((c) => c.services, () => null);
    // In an institution, a person who works in another office is added without a password.
    $("staff-password").previousElementSibling.textContent = catalogue ? W.passwordShared : W.password;
    catalogue = catalogue || [];
    config = office;
    version = versions.length ? versions[0].version : null;
    staffList = accounts;
    officeTime = status.takenAt;
    readAt = Date.now();
    showClock();
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
    return versions[0];
  } catch (error) {
    const text = explain(error);
    if (text) pageError(text);
  }
}

/** The office's time, as its server tells it, not the browser's. */
function showClock() {
  if (officeTime) $("clock").textContent = localTime(officeTime, Math.floor((Date.now() - readAt) / 1000));
}

/** The first thing a person must fix in `next`, in the page's language and naming the
 *  field as the page shows it; `null` when the page finds nothing (the server checks all). */
function problem(next) {
  const P = W.problems;
  const whole = (value, low, high) => Number.isInteger(value) && value >= low && value <= high;
  if (!whole(next.targetWaitMinutes, 1, 240)) return P.range(W.target, 1, 240);
  if (!whole(next.priorityHeadStartMinutes, 0, 240)) return P.range(W.headStart, 0, 240);
  const seen = {};
  for (const [i, s] of next.services.entries()) {
    const isNew = i >= config.services.length;
    if (isNew && !/^[A-Z]$/.test(s.code)) return P.code;
    if (seen[s.code]) return P.taken(s.code, words(seen[s.code].name));
    seen[s.code] = s;
    if (!words(s.name) && !s.catalogue) return P.empty(isNew ? `${W.addService} · ${W.name}` : `${W.services} · ${W.name} ${s.code}`);
    if (s.hours && s.hours.open && s.hours.close && s.hours.open >= s.hours.close) return P.order(`${W.services} · ${W.ownHours} ${s.code}`);
  }
  const hours = next.hours || {};
  if (hours.open && hours.close && hours.open >= hours.close) return P.order(W.hoursTitle);
  for (const [day, own] of Object.entries(hours.byDay || {})) if (own.open >= own.close) return P.order(W.dayNames[day]);
  for (const c of hours.closed || []) if (!/^\d{4}-\d\d-\d\d$/.test(c.date)) return P.date(`${c.date} ${c.name || ""}`.trim());
  for (const [i, n] of (next.notices || []).entries()) if (words(n.text).length > 100) return P.long(i + 1);
  return null;
}

/** Sends the whole config, with the version it was made on; the server checks it and
 *  answers with one line when it is wrong. `done` runs once it is saved. */
async function put(next, done = () => {}) {
  say("");
  const wrong = problem(next);
  if (wrong) { say(wrong); return; }
  try {
    const answer = await api("PUT", "/api/office" + (version ? `?version=${version}` : ""), next);
    saving = answer.version;
    done();
    await load();
    say(answer.changed ? W.saved(answer.version) : W.unchanged, true);
  } catch (error) {
    if (error.reason === "staleConfig") {
      const latest = await load();
      say(W.stale(latest ? latest.version : ""));
      return;
    }
    const text = explain(error);
    if (text) say(error.status === 422 || error.status === 409 ? W.problems.server(text) : text);
  }
}

const copy = () => JSON.parse(JSON.stringify(config));

function saveServices() {
  const next = copy();
  document.querySelectorAll("#service-rows tr").forEach((row, i) => {
    if (!next.services[i].catalogue) {
      setWords(next.services[i], "name", row.querySelector("input.name").value.trim());
      setWords(next.services[i], "description", row.querySelector("input.description").value.trim());
    }
    if (row.querySelector("input[type=checkbox]").checked) delete next.services[i].active; else next.services[i].active = false;
    const items = row.querySelector("input.bring").value.split(";").map((t) => t.trim()).filter(Boolean);
    const bring = next.services[i].bring || {};
    if (items.length) bring[lang] = items; else delete bring[lang];
    if (next.services[i].catalogue) { /* what to bring is the catalogue's */ }
    else if (Object.keys(bring).length) next.services[i].bring = bring; else delete next.services[i].bring;
    const opens = row.querySelector("input.opens").value, closes = row.querySelector("input.closes").value;
    if (opens || closes) {
      next.services[i].hours = Object.assign({ days: (next.hours || {}).days || ["mon", "tue", "wed", "thu", "fri"] },
        next.services[i].hours || {}, { open: opens, close: closes });
    } else delete next.services[i].hours;
  });
  const code = $("new-code").value.trim().toUpperCase();
  if (code) {
    // Each language's name as typed: English left empty falls back to the Spanish one on
    // the screens, rather than being a copy of it.
    const text = (id) => Object.fromEntries(["es", "en"].map((l) => [l, $(`${id}-${l}`).value.trim()]).filter(([, v]) => v));
    next.services.push({ code, name: text("new-name"), description: text("new-description") });
  }
  // A catalogue service is offered by its letter: the server fills in the rest.
  const chosen = $("catalogue-choice").value;
  if (chosen) next.services.push({ code: chosen, catalogue: true });
  put(next, () => { $("catalogue-choice").value = ""; for (const id of ["new-code", "new-name-es", "new-name-en", "new-description-es", "new-description-en"]) $(id).value = ""; });
}

function saveDesks() {
  const next = copy();
  document.querySelectorAll("#desk-rows tr").forEach((row, i) => {
    setWords(next.desks[i], "label", row.querySelector("input.label").value.trim());
    // The services keep the order the config gives them; newly ticked ones come last.
    const ticked = [...row.querySelectorAll("input[type=checkbox]")].filter((b) => b.checked).map((b) => b.value);
    next.desks[i].services = next.desks[i].services.filter((c) => ticked.includes(c)).concat(ticked.filter((c) => !next.desks[i].services.includes(c)));
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

/** Each line is a notice's text in the page's language; a notice keeps its dates and its
 *  other languages (only the lines' text is on the page). */
function saveNotices() {
  const next = copy();
  const lines = $("notices").value.split("\n").map((l) => l.trim()).filter(Boolean);
  const before = next.notices || [];
  const notices = lines.map((line, i) => {
    const kept = before.find((n) => words(n.text) === line) || before[i];
    if (!kept) return { text: lang === "es" ? line : { es: line, [lang]: line } };
    const notice = JSON.parse(JSON.stringify(kept));
    setWords(notice, "text", line);
    return notice;
  });
  if (notices.length) next.notices = notices; else delete next.notices;
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
      desks, ...($("staff-password").value ? { password: $("staff-password").value } : {}) });
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

/** Queue news does not reload this page; a change of the office does (another admin's, or
 *  the config file's), so no one edits a version that is no longer in use. */
async function refresh() {
  const versions = await api("GET", "/api/office/versions").catch(() => null);
  if (!versions || !versions.length || versions[0].version === version) return;
  const latest = versions[0];
  if (latest.version === saving) return;
  await load();
  say(W.changedElsewhere(latest.version, latest.appliedBy), true);
}

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
  setInterval(showClock, 5000);
  if (token) begin(); else askToken("");
}

start();
