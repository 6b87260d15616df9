"""What every browser test shares: a real `atiende serve` over a fresh demo office, one
headless Chromium for the whole run, axe-core 4, and the waits that look at the page.

Starting Chromium and setting up an office with four accounts (bcrypt) took about 2.5 s a
test; the browser now starts once per run, and each office is a copy of one made once.
"""
import atexit
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ATIENDE = os.environ.get("ATIENDE_BIN") or os.path.join(ROOT, ".build", "debug", "atiende")
AXE = os.path.join(ROOT, ".build", "axe", "axe.min.js")  # scripts/setup.sh --tests puts axe-core 4 there
STAFF, KIOSK = "demo-staff-token", "demo-kiosk-token"
# Accounts every test office has: laura works every desk, pedro only desk 2, ana supervises,
# eva administers.
LAURA, PEDRO, ANA, EVA = ("laura", "laura-secret-1"), ("pedro", "pedro-secret-2"), ("ana", "ana-secret-33"), ("eva", "eva-secret-444")


NOW = "2026-11-23T09:00:00-05:00"
_template = None


def office_template():
    """The demo office with its four accounts, made once a run; each test gets a copy."""
    global _template
    if _template is None:
        folder = tempfile.mkdtemp(prefix="atiende-browser-template-")
        atexit.register(shutil.rmtree, folder, True)
        env = dict(os.environ, ATIENDE_DB=os.path.join(folder, "atiende.sqlite"), ATIENDE_NOW=NOW)
        subprocess.run([ATIENDE, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        for (user, password), name, desks in [(LAURA, "Laura Gómez", []), (PEDRO, "Pedro Ruiz", ["--desks", "2"]),
                                               (ANA, "Ana Torres", ["--role", "supervisor"]), (EVA, "Eva Díaz", ["--role", "admin"])]:
            subprocess.run([ATIENDE, "staff", "add", name, "--user", user, "--password-stdin", *desks], env=env,
                           input=password + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
        _template = env["ATIENDE_DB"]
    return _template


class Server:
    """`atiende serve` on a free port, over a fresh demo office at 09:00 on a Monday."""

    def __init__(self, read_tokens=None, serve_options=()):
        self.folder = tempfile.mkdtemp(prefix="atiende-browser-")
        self.env = dict(os.environ, ATIENDE_DB=os.path.join(self.folder, "atiende.sqlite"), ATIENDE_NOW=NOW, ATIENDE_CLOCK="fixed")
        shutil.copyfile(office_template(), self.env["ATIENDE_DB"])
        if read_tokens:
            with open(os.path.join(ROOT, "Assets", "office.json"), encoding="utf-8") as demo:
                office = json.load(demo)
            office["access"]["read"] = read_tokens
            config = os.path.join(self.folder, "office.json")
            with open(config, "w", encoding="utf-8") as out:
                json.dump(office, out, ensure_ascii=False)
            subprocess.run([ATIENDE, "init", "--config", config], env=self.env, check=True, stdout=subprocess.DEVNULL)
        self.process = subprocess.Popen([ATIENDE, "serve", "--port", "0", *serve_options], env=self.env,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        self.port = int(re.search(r"http://127\.0\.0\.1:(\d+)", line).group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def api(self, method, path, body=None, token=None):
        request = urllib.request.Request(self.url + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        if body is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)

    def report_printer(self, printer, detail=None, device="entrada"):
        """What a kiosk sends about its printer (204, no body)."""
        body = {"device": device, "printer": printer} | ({"detail": detail} if detail else {})
        request = urllib.request.Request(self.url + "/api/devices", method="POST", data=json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {KIOSK}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            assert answer.status == 204, answer.status

    def sign_in(self, account):
        """A session's token, as the desk console gets it."""
        request = urllib.request.Request(self.url + "/api/session", method="POST",
                                         data=json.dumps({"user": account[0], "password": account[1]}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)["token"]

    def post(self, path, token, body=None):
        """A POST whose answer may have no body (204)."""
        request = urllib.request.Request(self.url + path, method="POST", data=json.dumps(body).encode() if body is not None else b"",
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            return answer.status

    def issue(self, service, **fields):
        return self.api("POST", "/api/tickets", dict(service=service, **fields), token=KIOSK)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_driver = None


def browser():
    """The run's one Chromium, as a new test should find it: a blank page at 1366×768, no
    cookies, no console messages left from before. Each test's server has its own port,
    so nothing a page stored (localStorage, sessionStorage) reaches another test."""
    global _driver
    if _driver is None:
        options = webdriver.ChromeOptions()
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768"]:
            options.add_argument(argument)
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        _driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        atexit.register(_driver.quit)
    _driver.get("about:blank")
    _driver.delete_all_cookies()
    _driver.set_window_size(1366, 768)
    _driver.get_log("browser")
    return _driver


class PageTest(unittest.TestCase):
    """A test with its own server and the shared browser; `shot` names its screenshots."""
    shot = "page"

    def setUp(self):
        self.server = Server()
        self.driver = browser()
        # A live page redraws its rows when an event comes: an element found a moment ago
        # may be gone, and the wait then looks again instead of failing.
        self.wait = WebDriverWait(self.driver, 10, ignored_exceptions=(StaleElementReferenceException,))

    def sign_in_at(self, path, account):
        """Opens `path` and signs in there as `account` (user, password)."""
        self.driver.get(f"{self.server.url}{path}")
        field = self.wait.until(lambda d: d.find_element(By.ID, "user"))
        self.wait.until(lambda d: field.is_displayed())
        field.clear()
        field.send_keys(account[0])
        self.driver.find_element(By.ID, "password").send_keys(account[1])
        self.driver.find_element(By.ID, "login-submit").click()

    def tearDown(self):
        shots = os.environ.get("ATIENDE_SHOTS")
        if shots:
            os.makedirs(shots, exist_ok=True)
            self.driver.save_screenshot(os.path.join(shots, f"{self.shot}-{self._testMethodName}.png"))
        self.server.stop()

    def text(self, element_id):
        return self.driver.find_element(By.ID, element_id).text

    def until_text(self, element_id, expected):
        try:
            self.wait.until(lambda d: expected in d.find_element(By.ID, element_id).text)
        except TimeoutException:
            self.fail(f"#{element_id} never showed {expected!r}; it shows {self.text(element_id)!r}")

    def click(self, element_id):
        self.wait.until(lambda d: d.find_element(By.ID, element_id).is_displayed() and d.find_element(By.ID, element_id).is_enabled())
        self.driver.find_element(By.ID, element_id).click()

    def looks_right_at(self, width, what):
        """The page as it is now: clean under axe, never scrolling sideways, and saved as
        `{shot}-{what}-{width}.png` when ATIENDE_SHOTS names a folder."""
        self.assertEqual(self.axe_serious(), [], f"{what} at {width}")
        sideways = self.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        self.assertLessEqual(sideways, 0, f"{what}: no sideways scrolling at {width}")
        if os.environ.get("ATIENDE_SHOTS"):
            os.makedirs(os.environ["ATIENDE_SHOTS"], exist_ok=True)
            self.driver.save_screenshot(os.path.join(os.environ["ATIENDE_SHOTS"], f"{self.shot}-{what}-{width}.png"))

    def axe_serious(self):
        """Serious or critical axe-core 4 violations on the page as it is now."""
        with open(AXE, encoding="utf-8") as source:
            self.driver.execute_script(source.read())
        result = self.driver.execute_async_script("axe.run(document).then(arguments[arguments.length - 1])")
        return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"] if v["impact"] in ("serious", "critical")]

    def disabled_contrast(self):
        """The lowest text contrast of the page's disabled buttons, which axe leaves out."""
        return self.driver.execute_script("""
            const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
              .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
            const back = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
            let lowest = 21;
            for (const b of document.querySelectorAll("button:disabled")) {
              if (!b.offsetParent) continue;
              const a = lum(rgb(getComputedStyle(b).color)), z = lum(back(b));
              lowest = Math.min(lowest, (Math.max(a, z) + 0.05) / (Math.min(a, z) + 0.05));
            }
            return lowest;""")
