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
from selenium.webdriver.support.ui import WebDriverWait

from harness import ATIENDE, KIOSK, NOW, PageTest, browser

DATABASE = os.environ.get("ATIENDE_TEST_POSTGRES")


class InstitutionServer:
    """`atiende serve` on the test database for a home office, with `office` beside it;
    `url` is `office`'s own address (/o/OFFICE) on that server."""

    def __init__(self, home, office, staff):
        env = dict(os.environ, ATIENDE_NOW=NOW, ATIENDE_CLOCK="fixed", ATIENDE_DB=DATABASE)
        for name in (home, office):
            subprocess.run([ATIENDE, "init", "--office", name], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([ATIENDE, "staff", "add", "Rosa Díaz", "--user", staff[0], "--password-stdin", "--office", office],
                       env=env, input=staff[1] + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
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
        self.server = InstitutionServer(home=f"norte-{suffix}", office=self.office, staff=self.user)
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
            self.assertEqual(self.axe_serious(), [], f"desk console under /o/ at {width}")
            sideways = self.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            self.assertLessEqual(sideways, 0, f"no sideways scrolling at {width}")
            if os.environ.get("ATIENDE_SHOTS"):
                os.makedirs(os.environ["ATIENDE_SHOTS"], exist_ok=True)
                self.driver.save_screenshot(os.path.join(os.environ["ATIENDE_SHOTS"], f"{self.shot}-desk-{width}.png"))
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


if __name__ == "__main__":
    unittest.main()
