// The institution's page, for its admins: every office now (people waiting, the longest
// wait against the office's own target, desks open, the promise's projection for today),
// each linked to its supervisor's view, and the offices side by side over a span of days,
// ranked by the share called within each one's target, ready to print. Signing in and the
// API are in staff.js.
"use strict";

const WORDS = {
  es: {
    title: "Institución", offices: "Oficinas ahora", office: "Oficina", waiting: "En espera", longest: "Espera más larga",
    desksOpen: "Ventanillas abiertas", projection: "A tiempo hoy (proyección)", report: "Informe comparado", from: "Desde", to: "Hasta",
    show: "Ver", print: "Imprimir", issued: "Emitidos", served: "Atendidos", within: "Dentro de la meta", median: "Espera mediana",
    answered: "Respondieron", drivers: "Notas (respuesta · tiempo · profesionalismo · información · actitud)",
    loginHelp: "Entre con su propio usuario de administración de la institución.",
    minutes: (s) => duration(s, "menos de 1 min"), target: (m) => `meta ${m} min`, pastTarget: (n) => `⚠ ${n} pasada${n === 1 ? "" : "s"} la meta`,
    ofDesks: (open, all) => `${open} de ${all}`, whole: "Toda la institución", none: "–", noOffices: "La institución aún no tiene oficinas.",
    attention: "Requiere atención", fine: "En orden",
  },
  en: {
    title: "Institution", offices: "Offices now", office: "Office", waiting: "Waiting", longest: "Longest wait",
    desksOpen: "Desks open", projection: "On time today (projected)", report: "Offices compared", from: "From", to: "To",
    show: "Show", print: "Print", issued: "Issued", served: "Served", within: "Within target", median: "Median wait",
    answered: "Answered", drivers: "Ratings (answer · time · professionalism · information · attitude)",
    loginHelp: "Sign in as yourself, with an account that runs the institution.",
    minutes: (s) => duration(s, "under 1 min"), target: (m) => `target ${m} min`, pastTarget: (n) => `⚠ ${n} past the target`,
    ofDesks: (open, all) => `${open} of ${all}`, whole: "Whole institution", none: "–", noOffices: "The institution has no offices yet.",
    attention: "Needs attention", fine: "On track",
  },
};
const W = staffWords(WORDS);

const REFUSALS = {
  es: {
    forbidden: "Su usuario no administra la institución: entre con un usuario que la administre.",
    noInstitution: "Este servidor atiende una sola oficina: no pertenece a una institución.",
  },
  en: {},
};

let offices = null, report = null;

function explain(error) {
  if (error.status === 401) { askToken(token ? W.sessionEnded : ""); return ""; }
  if (error.reason.startsWith("unavailable")) return `${W.offline}: ${error.message}`;
  return (REFUSALS[lang] || {})[error.reason] || error.message;
}

function say(text) {
  $("message").hidden = !text;
  $("message").textContent = text || "";
}

function percent(value) {
  return value == null ? W.none : `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value)} %`;
}

function renderOffices() {
  if (!offices) return;
  if (!offices.length) {
    const row = document.createElement("tr");
    tableCell(row, W.noOffices).colSpan = 5;
    $("offices").replaceChildren(row);
    return;
  }
  $("offices").replaceChildren(...offices.map((o) => {
    const row = document.createElement("tr");
    const name = document.createElement("a");
    name.href = `/o/${encodeURIComponent(o.office)}/supervisor${lang === "en" ? "?lang=en" : ""}`;
    name.textContent = o.name;
    const where = document.createElement("span");
    where.append(name, document.createElement("br"), `${o.office} · ${W.target(o.targetMinutes)}`);
    tableCell(row, where);
    tableCell(row, String(o.waiting), "n", W.waiting);
    // Past the target: a sign and words, never colour alone.
    const longest = document.createElement("span");
    const late = o.longestWaitSeconds > o.targetMinutes * 60;
    longest.className = `level ${late ? "red" : "green"}`;
    longest.textContent = (late ? "⚠ " : "") + W.minutes(o.longestWaitSeconds);
    const wait = tableCell(row, longest, "n", W.longest);
    if (o.pastTarget) wait.append(document.createElement("br"), W.pastTarget(o.pastTarget));
    tableCell(row, W.ofDesks(o.desksOpen, o.desks), "n", W.desksOpen);
    const projected = tableCell(row, percent(o.projectedWithinTargetPercent), "n", W.projection);
    projected.append(document.createElement("br"), o.needsAttention ? `⚠ ${W.attention}` : W.fine);
    return row;
  }));
}

function renderReport() {
  if (!report) return;
  const line = (rank, name, i) => {
    const row = document.createElement("tr");
    tableCell(row, rank);
    tableCell(row, name);
    tableCell(row, String(i.issued), "n");
    tableCell(row, String(i.served), "n");
    tableCell(row, percent(i.withinTargetPercent), "n");
    tableCell(row, i.medianWaitSeconds == null ? W.none : W.minutes(i.medianWaitSeconds), "n");
    tableCell(row, String(i.answered || 0), "n");
    const d = i.drivers || {};
    tableCell(row, ["answer", "time", "professionalism", "information", "attitude"].map((k) => d[k] == null ? W.none : String(d[k])).join(" · "), "n");
    return row;
  };
  $("report").replaceChildren(...report.offices.map((o) => line(String(o.rank), o.name, o.indicators)), line("", W.whole, report.institution));
}

function render() {
  renderOffices();
  renderReport();
}

function refresh() {
  return readAll(["/api/institution/offices"], (o) => { offices = o; });
}

async function showReport() {
  try {
    // The first time, the server's today in the office's time zone (not this computer's).
    const span = $("from").value ? `?from=${$("from").value}&to=${$("to").value}` : "";
    report = await api("GET", `/api/institution/report${span}`);
    $("from").value = report.from;
    $("to").value = report.to;
    say("");
    renderReport();
  } catch (error) {
    const text = explain(error);
    if (text) say(text);
  }
}

async function begin(session) {
  if (!await whoAmI(session)) return;
  setConnection(true);
  await refresh();
  showReport();
}

function start() {
  translatePage();
  wireSignIn(() => { offices = null; report = null; });
  $("span").addEventListener("submit", (event) => { event.preventDefault(); showReport(); });
  $("print").addEventListener("click", () => window.print());
  // Every office's state, read again now and then: many offices have no one stream.
  setInterval(() => { if (token && !$("console").hidden) refresh(); }, 15000);
  if (token) begin(); else askToken("");
}

start();
