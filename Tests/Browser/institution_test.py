"""An office of an institution's server (PostgreSQL) in a real headless Chromium: its pages
live under /o/OFFICE/ and everything they ask for stays under that prefix.

Runs when the test command started PostgreSQL ($ATIENDE_TEST_POSTGRES); skipped otherwise.
Each test makes offices and accounts with names of its own in the test database.
"""
import json
import os
import re
import secrets
import subprocess
import unittest
import urllib.request

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import ATIENDE, KIOSK, NOW, PageTest, browser

DATABASE = os.environ.get("ATIENDE_TEST_POSTGRES")


class InstitutionServer:
    """`atiende serve` on the test database for a home office, with `office` beside it;
    `url` is `office`'s own address (/o/OFFICE) on that server."""

    def __init__(self, home, office, staff, role="clerk", runs_institution=False):
        env = dict(os.environ, ATIENDE_NOW=NOW, ATIENDE_CLOCK="fixed", ATIENDE_DB=DATABASE)
        self.env = env
        for name in (home, office):
            subprocess.run([ATIENDE, "init", "--office", name], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([ATIENDE, "staff", "add", "Rosa Díaz", "--user", staff[0], "--role", role, "--password-stdin", "--office", office],
                       env=env, input=staff[1] + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
        if runs_institution:
            subprocess.run([ATIENDE, "staff", "institution-admin", staff[0], "--office", office], env=env, check=True, stdout=subprocess.DEVNULL)
        self.process = subprocess.Popen([ATIENDE, "serve", "--port", "0", "--office", home], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)", self.process.stdout.readline()).group(1))
        self.origin = f"http://127.0.0.1:{port}"
        self.url = f"{self.origin}/o/{office}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()


@unittest.skipUnless(DATABASE, "needs the test command's PostgreSQL (ATIENDE_TEST_POSTGRES)")
class InstitutionPageTests(PageTest):
    shot = "institution"

    def setUp(self):
        suffix = secrets.token_hex(3)
        self.office = f"sur-{suffix}"
        self.user = (f"rosa-{suffix}", "rosa-secret-55")
        runs = self._testMethodName != "test_a_desk_of_an_office_under_its_prefix_signs_in_and_calls"
        self.server = InstitutionServer(home=f"norte-{suffix}", office=self.office, staff=self.user,
                                        role="admin" if runs else "clerk", runs_institution=runs)
        self.driver = browser()
        self.wait = WebDriverWait(self.driver, 10, ignored_exceptions=(StaleElementReferenceException,))

    def issue(self, service):
        request = urllib.request.Request(f"{self.server.url}/api/tickets", method="POST", data=json.dumps({"service": service}).encode(),
                                         headers={"Authorization": f"Bearer {KIOSK}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)

    def test_a_desk_of_an_office_under_its_prefix_signs_in_and_calls(self):
        ticket = self.issue("A")
        self.assertTrue(ticket["visitUrl"].startswith(f"/o/{self.office}/t/"), ticket["visitUrl"])
        for width, height in [(1366, 768), (768, 1024), (390, 844)]:
            self.driver.set_window_size(width, height)
            self.sign_in_at("/desk/1", self.user)
            self.until_text("line", "A-001")
            self.looks_right_at(width, "desk")
            self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
        # With the keyboard alone: Tab to "Llamar siguiente", Enter.
        self.wait.until(lambda d: d.find_element("id", "call-next").is_enabled())
        for _ in range(40):
            if self.driver.switch_to.active_element.get_attribute("id") == "call-next":
                break
            self.driver.switch_to.active_element.send_keys(Keys.TAB)
        self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "call-next", "reachable by Tab")
        self.driver.switch_to.active_element.send_keys(Keys.ENTER)
        self.until_text("current-number", "A-001")
        if os.environ.get("ATIENDE_SHOTS"):
            self.driver.save_screenshot(os.path.join(os.environ["ATIENDE_SHOTS"], f"{self.shot}-desk-called-390.png"))
        # The visitor's phone page of the same office.
        self.driver.set_window_size(390, 844)
        self.driver.get(self.server.origin + ticket["visitUrl"])
        self.until_text("number", "A-001")
        self.assertEqual(self.axe_serious(), [], "visit page under /o/")

    def test_the_institutions_page_shows_every_office_now_and_compares_them(self):
        self.issue("A")
        for width, height in [(1366, 768), (768, 1024), (390, 844)]:
            self.driver.set_window_size(width, height)
            self.sign_in_at("/institution", self.user)
            self.until_text("offices", self.office)
            self.until_text("report", "Toda la institución")
            self.looks_right_at(width, "offices")
            self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
        # Each office links to its supervisor's view.
        link = self.driver.find_element("css selector", f"#offices a[href='/o/{self.office}/supervisor']")
        self.assertTrue(link.text)
        # With the keyboard alone: Tab to "Ver" (past every office's link) and Enter reads the span again.
        for _ in range(40 + len(self.driver.find_elements("css selector", "#offices a"))):
            if self.driver.switch_to.active_element.text == "Ver":
                break
            self.driver.switch_to.active_element.send_keys(Keys.TAB)
        self.assertEqual(self.driver.switch_to.active_element.text, "Ver", "reachable by Tab")
        self.driver.execute_script("document.getElementById('report').replaceChildren()")
        self.driver.switch_to.active_element.send_keys(Keys.ENTER)
        self.until_text("report", "Toda la institución")

    def test_an_office_offers_a_service_of_the_catalogue_from_its_admin_page(self):
        catalogue = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"catalogue-{self.office}.json")
        with open(catalogue, "w", encoding="utf-8") as out:
            json.dump({"services": [{"code": "E", "name": {"es": "Derechos humanos", "en": "Human rights"},
                                     "description": {"es": "Orientación sobre sus derechos", "en": "Guidance on your rights"}}]}, out)
        try:
            subprocess.run([ATIENDE, "catalogue", "--set", catalogue, "--office", self.office], env=self.server.env, check=True, stdout=subprocess.DEVNULL)
        finally:
            os.remove(catalogue)
        self.driver.set_window_size(1366, 768)
        self.sign_in_at("/admin", self.user)
        self.wait.until(lambda d: d.find_element("id", "offer-catalogue").is_displayed())
        Select(self.driver.find_element("id", "catalogue-choice")).select_by_value("E")
        self.click("save-services")
        self.until_text("service-rows", "del catálogo de la institución")
        self.until_text("message", "Guardado")
        name = self.driver.find_element("css selector", "#service-rows tr:last-child input.name")
        self.assertEqual(name.get_attribute("value"), "Derechos humanos")
        self.assertTrue(name.get_attribute("readonly"), "what a catalogue service is belongs to the institution")
        self.assertEqual(self.axe_serious(), [], "admin page with a catalogue service")


if __name__ == "__main__":
    unittest.main()
