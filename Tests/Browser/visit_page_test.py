"""The visitor's phone page in a real headless Chromium at 390×844, used as a visitor would."""
import time
import unittest
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from harness import LAURA, STAFF, PageTest


class VisitPageTests(PageTest):
    shot = "visit"

    def until_text(self, element_id, expected, seconds=10):
        WebDriverWait(self.driver, seconds).until(
            lambda d: expected in d.find_element(By.ID, element_id).text, f"#{element_id} never showed {expected!r}")

    def open(self, path):
        self.driver.set_window_size(390, 844)
        self.driver.get(self.server.url + path)

    def test_the_visitor_follows_the_turn_and_is_called_within_a_second(self):
        self.server.issue("A")
        mine = self.server.issue("A", firstName="Rosa")
        self.open(mine["visitUrl"])
        self.until_text("number", "A-002")
        self.until_text("ahead", "1 persona antes que usted")
        self.until_text("connection", "En vivo")
        self.assertEqual(self.axe_serious(), [], "waiting")
        self.server.api("POST", "/api/desks/1/next", token=STAFF)  # A-001, someone else
        self.until_text("ahead", "Usted es el siguiente", seconds=1)
        self.server.api("POST", "/api/desks/1/no-show", token=STAFF)
        started = time.monotonic()
        self.server.api("POST", "/api/desks/1/next", token=STAFF)  # this visitor
        self.until_text("call-desk", "Ventanilla 1", seconds=1)
        print(f"\n  call seen on the phone page {1000 * (time.monotonic() - started):.0f} ms after the desk's request")
        self.assertIn("Diríjase a", self.text("call-title"))
        self.assertNotIn("Rosa", self.driver.page_source, "never the visitor's name")
        self.assertEqual(self.axe_serious(), [], "called")
        number = self.driver.find_element(By.ID, "number")
        self.assertGreaterEqual(float(number.value_of_css_property("font-size").rstrip("px")), 64, "the number reads at arm's length")
        sideways = self.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        self.assertEqual(sideways, 0)

    def test_the_visitor_gives_up_the_turn(self):
        mine = self.server.issue("B")
        self.open(mine["visitUrl"])
        self.until_text("number", "B-001")
        button = self.wait.until(lambda d: d.find_element(By.ID, "cancel"))
        self.assertGreaterEqual(button.rect["height"], 48, "big enough for a thumb")
        button.click()
        self.wait.until(lambda d: d.find_element(By.ID, "confirm-cancel").is_displayed())
        self.driver.find_element(By.ID, "confirm-cancel").click()
        self.until_text("state", "Canceló su turno")
        self.assertFalse(self.driver.find_element(By.ID, "cancel").is_displayed())
        status = self.server.api("GET", "/api/tickets/B-001", token=STAFF)
        self.assertEqual(status["state"], "cancelled")

    def test_the_visitor_rates_the_visit_by_tapping_and_finds_it_in_the_report(self):
        mine = self.server.issue("A", firstName="Rosa")
        self.open(mine["visitUrl"])
        self.until_text("number", "A-001")
        for step in ["next", "start", "finish"]:
            self.server.api("POST", f"/api/desks/1/{step}", token=STAFF)
        self.wait.until(lambda d: d.find_element(By.ID, "feedback").is_displayed())
        self.assertIn("¿Cómo le atendimos?", self.text("feedback-title"))
        self.assertFalse(self.driver.find_element(By.ID, "send").is_enabled(), "all five first")
        # It says why, next to the button and to a screen reader (aria-describedby).
        self.assertEqual(self.text("send-why"), "Faltan 5 preguntas por responder para poder enviar.")
        self.assertEqual(self.driver.find_element(By.ID, "send").get_attribute("aria-describedby"), "send-why")
        self.assertGreaterEqual(self.disabled_contrast(), 4.5, "the disabled button still reads")
        for driver, value in [("answer", 5), ("time", 4), ("professionalism", 5), ("information", 4), ("attitude", 5)]:
            label = self.driver.find_element(By.CSS_SELECTOR, f"label[for='{driver}-{value}']")
            self.assertGreaterEqual(label.rect["height"], 48, "big enough for a thumb")
            self.assertGreaterEqual(label.rect["width"], 48, "big enough for a thumb")
            label.click()
        self.assertEqual(self.text("send-why"), "", "nothing is missing any more")
        self.driver.find_element(By.ID, "comment").send_keys("Muy amables,\nbien explicado.")
        self.assertEqual(self.axe_serious(), [], "questions")
        self.driver.find_element(By.ID, "send").click()
        self.wait.until(lambda d: d.find_element(By.ID, "thanks").is_displayed())
        self.assertFalse(self.driver.find_element(By.ID, "feedback").is_displayed())
        report = self.server.api("GET", "/api/reports/2026-11-23")
        self.assertEqual(report["office"]["answered"], 1)
        self.assertEqual(report["office"]["drivers"]["time"], 4)
        self.assertFalse(report.get("comments"), "comments are for staff roles only")
        staff_report = self.server.api("GET", "/api/reports/2026-11-23", token=STAFF)
        self.assertEqual(staff_report["comments"], ["Muy amables, bien explicado."])
        self.assertNotIn("Rosa", self.driver.page_source)

    def test_the_questions_work_by_keyboard_alone(self):
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys
        mine = self.server.issue("A")
        self.open(mine["visitUrl"])
        self.until_text("number", "A-001")
        for step in ["next", "start", "finish"]:
            self.server.api("POST", f"/api/desks/1/{step}", token=STAFF)
        self.wait.until(lambda d: d.find_element(By.ID, "feedback").is_displayed())
        # Tab into each question, arrow to a score, Tab on; then to "Enviar" and Enter.
        chosen = 0
        for _ in range(60):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            active = self.driver.switch_to.active_element
            if active.get_attribute("type") == "radio":
                outline = self.driver.execute_script(
                    "const l = document.querySelector(`label[for='${document.activeElement.id}']`); const s = getComputedStyle(l); return s.outlineStyle;")
                self.assertNotEqual(outline, "none", "the focused score shows where the keyboard is")
                ActionChains(self.driver).send_keys(Keys.ARROW_RIGHT).perform()
                chosen += 1
            if active.get_attribute("id") == "send" and active.is_enabled():
                break
        self.assertEqual(chosen, 5, "five questions reached by Tab")
        self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "send")
        ActionChains(self.driver).send_keys(Keys.ENTER).perform()
        self.wait.until(lambda d: d.find_element(By.ID, "thanks").is_displayed())

    def test_the_desks_tablet_asks_a_visitor_without_a_phone(self):
        self.server.issue("A", firstName="Rosa")
        self.driver.set_window_size(768, 1024)
        self.driver.get(f"{self.server.url}/desk/1/visitor?reset=6")
        field = self.wait.until(lambda d: d.find_element(By.ID, "tablet-user"))
        field.send_keys(LAURA[0])
        self.driver.find_element(By.ID, "tablet-password").send_keys(LAURA[1])
        self.driver.find_element(By.CSS_SELECTOR, "#login button").click()
        self.until_text("idle-desk", "Ventanilla 1")
        self.server.api("POST", "/api/desks/1/next", token=STAFF)
        self.until_text("serving-title", "Usted está en: Ventanilla 1")
        self.assertEqual(self.text("serving-number"), "A-001")
        self.assertNotIn("Rosa", self.driver.page_source, "never the visitor's name")
        self.server.api("POST", "/api/desks/1/start", token=STAFF)
        self.server.api("POST", "/api/desks/1/finish", token=STAFF)
        self.wait.until(lambda d: d.find_element(By.ID, "feedback").is_displayed())
        self.assertEqual(self.axe_serious(), [], "tablet questions")
        for driver in ["answer", "time", "professionalism", "information", "attitude"]:
            self.driver.find_element(By.CSS_SELECTOR, f"label[for='{driver}-4']").click()
        self.driver.find_element(By.ID, "send").click()
        self.wait.until(lambda d: d.find_element(By.ID, "thanks").is_displayed())
        report = self.server.api("GET", "/api/reports/2026-11-23")
        self.assertEqual(report["office"]["answered"], 1)
        # It resets by itself for the next visitor (6 s here, 60 s in an office).
        self.wait.until(lambda d: d.find_element(By.ID, "idle").is_displayed())

    def test_a_wrong_link_gets_a_friendly_page(self):
        with self.assertRaises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(self.server.url + "/t/" + "x" * 22)
        self.assertEqual(answer.exception.code, 404)
        self.open("/t/" + "x" * 22)
        self.assertIn("Turno no encontrado", self.driver.find_element(By.TAG_NAME, "h1").text)
        self.assertEqual(self.axe_serious(), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
