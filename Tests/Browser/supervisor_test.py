"""The supervisor's view (/supervisor) in a real headless Chromium, against a real `atiende serve`.

Run: python3 Tests/Browser/supervisor_test.py  (scripts/test.sh does). Shares the server and
the browser of every page test (harness.py).
"""
import os
import subprocess
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import ANA, ATIENDE, LAURA, STAFF, PageTest, Server


class SupervisorTests(PageTest):
    shot = "supervisor"

    def open(self, account=ANA, query=""):
        self.sign_in_at(f"/supervisor{query}", account)

    def test_a_disk_nearly_full_is_seen_coming_on_the_staffs_screens(self):
        # A server told that anything under 10 TB free is low: the warning shows, as a
        # failing printer does (on a 2 MB volume nothing warned anyone).
        self.server.stop()
        self.server = Server(serve_options=("--low-disk-mb", "10000000"))
        self.open()
        self.until_text("disk", "Al servidor le queda poco disco")
        self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
        self.sign_in_at("/desk/1", LAURA)
        self.until_text("devices", "Al servidor le queda poco disco")
        self.assertEqual(self.axe_serious(), [], "the desk console with the warning")

    def test_a_call_made_elsewhere_appears_with_who_is_at_the_desk(self):
        self.server.issue("A")
        self.open()
        self.until_text("line", "A-001")
        self.wait.until(lambda d: d.find_element(By.ID, "connection").text == "En vivo")
        laura = self.server.sign_in(LAURA)
        self.assertEqual(self.server.post("/api/desks/1/staff", laura), 204)
        self.server.post("/api/desks/1/next", laura)
        self.until_text("desks", "A-001")
        self.until_text("desks", "Laura Gómez")
        self.assertIn("Llamando", self.text("desks"))
        self.until_text("line", "Nadie espera")

    def test_one_click_closes_and_opens_a_desk(self):
        self.open()
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#desks button"))
        close = self.driver.find_element(By.CSS_SELECTOR, "#desks tr:nth-child(4) button")
        self.assertEqual(close.get_attribute("aria-label"), "Cerrar Ventanilla 4")
        close.click()
        self.until_text("message", "Ventanilla 4 cerrada")
        desks = {d["id"]: d["state"] for d in self.server.api("GET", "/api/status")["desks"]}
        self.assertEqual(desks["4"], "closed")
        self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#desks tr:nth-child(4) button").get_attribute("aria-label")
                        == "Abrir Ventanilla 4")
        self.click_when_ready("#desks tr:nth-child(4) button")
        self.until_text("message", "Ventanilla 4 abierta")

    def click_when_ready(self, selector):
        """Clicks the element once it is enabled; found again if the live table redrew it."""
        def attempt(driver):
            button = driver.find_element(By.CSS_SELECTOR, selector)
            if not button.is_enabled():
                return False
            button.click()
            return True
        self.wait.until(attempt)

    def test_a_waiting_ticket_moves_to_another_service(self):
        self.server.issue("A")
        self.open()
        self.until_text("line", "A-001")
        self.click_when_ready("#line button")
        self.wait.until(lambda d: d.find_element(By.ID, "move-dialog").is_displayed())
        choice = next(b for b in self.driver.find_elements(By.CSS_SELECTOR, "#move-options button") if b.text.startswith("B ·"))
        choice.click()
        self.until_text("message", "A-001 ahora espera en")
        ticket = self.server.api("GET", "/api/tickets/A-001", token=STAFF)
        self.assertEqual(ticket["service"], "B")

    def test_a_clerk_is_sent_to_their_desk(self):
        self.open(account=LAURA)
        self.until_text("page-error", "esta vista es para supervisión")
        self.assertFalse(self.driver.find_element(By.ID, "console").is_displayed())

    def test_every_size_is_clean_under_axe_and_never_scrolls_sideways(self):
        for service in "AABCD":
            self.server.issue(service)
        self.server.api("POST", "/api/desks/1/next", token=STAFF)
        for width, height in [(1366, 768), (768, 1024), (390, 844)]:
            self.driver.set_window_size(width, height)
            self.driver.get(f"{self.server.url}/")
            self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
            self.open()
            self.until_text("line", "D-001")
            self.assertEqual(self.axe_serious(), [], f"supervisor view at {width}")
            sideways = self.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            self.assertLessEqual(sideways, 0, f"no sideways scrolling at {width}")
            # A ticket number is one line (at 390 px "A-" and "001" were on two).
            broken = self.driver.execute_script(
                "return [...document.querySelectorAll('.ticket-number')].filter((n) => n.getClientRects().length > 1).map((n) => n.textContent)")
            self.assertEqual(broken, [], f"ticket numbers broken across lines at {width}")
            self.assertGreater(self.driver.execute_script("return document.querySelectorAll('#desks .ticket-number').length"), 0)
            if os.environ.get("ATIENDE_SHOTS"):
                self.driver.save_screenshot(os.path.join(os.environ["ATIENDE_SHOTS"], f"supervisor-{width}.png"))

    def test_a_request_past_its_deadline_is_an_alert_with_the_way_to_it(self):
        # Registered by phone yesterday at 08:00: its 24 hours are past at 09:00 today.
        env = dict(self.server.env, ATIENDE_NOW="2026-11-22T08:00:00-05:00")
        subprocess.run([ATIENDE, "request", "add", "--channel", "phone", "--service", "A", "--summary", "Consulta", "--phone", "6015550123"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        for width, height in [(1366, 768), (768, 1024), (390, 844)]:
            self.driver.set_window_size(width, height)
            self.sign_in_at("/supervisor", ANA)
            self.until_text("requests-overdue", "⚠ 1 solicitud vencida: la persona aún no ha sido contactada.")
            self.looks_right_at(width, "overdue")
            self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
        link = self.driver.find_element(By.CSS_SELECTOR, "#requests-overdue a")
        self.assertTrue(link.get_attribute("href").endswith("/requests"))

    def test_a_desk_asks_for_a_supervisor_and_hears_the_answer(self):
        # Laura serves A-001 and asks for help from her desk, by its button.
        self.server.issue("A")
        laura = self.server.sign_in(LAURA)
        self.server.post("/api/desks/1/staff", laura)
        self.server.post("/api/desks/1/next", laura)
        self.sign_in_at("/desk/1", LAURA)
        self.until_text("current-number", "A-001")
        # By keyboard alone: the button takes Enter.
        self.driver.find_element(By.ID, "ask-support").send_keys(Keys.ENTER)
        self.until_text("support-state", "Se avisó a los supervisores a las 09:00")
        self.assertEqual(self.axe_serious(), [], "the desk that asked")
        # Ana sees it at once on her view, at every size, and answers it.
        self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
        for width, height in [(390, 844), (768, 1024), (1366, 768)]:
            self.driver.set_window_size(width, height)
            self.open()
            self.until_text("support", "⚑ Ventanilla 1 pide apoyo de un supervisor con el turno A-001 (Laura Gómez)")
            self.looks_right_at(width, "support")
            self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
        self.open()
        self.until_text("support", "Ventanilla 1")
        self.driver.find_element(By.CSS_SELECTOR, "#support button[aria-label='Responder a Ventanilla 1: voy en camino']").send_keys(Keys.ENTER)
        self.until_text("message", "Se avisó a Ventanilla 1 que va en camino.")
        self.wait.until(lambda d: not d.find_element(By.ID, "support").is_displayed())
        # Laura's desk hears the answer, with who is coming; both are kept.
        self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
        self.sign_in_at("/desk/1", LAURA)
        self.until_text("support-state", "Ana Torres viene en camino")
        calls = self.server.api("GET", "/api/support", token=STAFF)
        self.assertEqual([(c["desk"], c["ticket"], c["askedBy"], c["acknowledgedBy"]) for c in calls], [("1", "A-001", "laura", "ana")])


if __name__ == "__main__":
    unittest.main(verbosity=2)
