"""The requests page (/requests) in a real headless Chromium, under axe-core 4: a phone
request registered gets its number and its receipt at once, a lost call is an alert until
someone returns it, with the seminario's script and what is known in the call's dialog, and
the person's own page (/s/…) reads on a phone."""
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from harness import LAURA, STAFF, PageTest


class RequestsPageTests(PageTest):
    shot = "requests"

    def test_a_phone_request_gets_its_number_and_a_lost_call_is_called_back(self):
        # A lost call registered by reception, through the API.
        lost = self.server.api("POST", "/api/requests", token=STAFF,
                               body={"channel": "lostCall", "service": "A", "summary": "Llamó y se cortó", "phone": "3001234567"})
        self.assertEqual(lost["number"], "S-2026-000001")
        for width, height in [(1366, 768), (768, 1024), (390, 844)]:
            self.driver.set_window_size(width, height)
            self.sign_in_at("/requests", LAURA)
            self.until_text("open-rows", "S-2026-000001")
            self.until_text("open-rows", "Quedan 2")  # 24 hours from the fixed 09:00, less what this run took
            self.until_text("lost-calls", "Llamadas perdidas por devolver ya, con una disculpa: S-2026-000001 (3001234567)")
            self.looks_right_at(width, "list")
            self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
        # A phone request, typed by the official: its number to read out at once.
        self.driver.set_window_size(1366, 768)
        self.server.api("POST", "/api/requests", token=STAFF, body={"channel": "written", "service": "D", "summary": "Nota entregada",
                                                                    "phone": "3001112233", "assignee": "pedro"})
        self.sign_in_at("/requests", LAURA)
        self.wait.until(lambda d: len(Select(d.find_element(By.ID, "service")).options) > 0)
        Select(self.driver.find_element(By.ID, "channel")).select_by_value("phone")
        Select(self.driver.find_element(By.ID, "service")).select_by_value("B")
        self.driver.find_element(By.ID, "summary").send_keys("Queja por demora en la respuesta")
        self.driver.find_element(By.ID, "person-name").send_keys("Ana Pérez")
        self.driver.find_element(By.ID, "phone").send_keys("601 555 0123")
        self.click("register")
        self.until_text("registered", "Solicitud S-2026-000003 registrada")
        self.until_text("receipt-number", "S-2026-000003")
        self.until_text("receipt-lines", "Asunto: Queja por demora en la respuesta")
        self.until_text("receipt-lines", "Recibida por: Laura")
        self.driver.execute_script("document.getElementById('receipt').scrollIntoView()")
        self.looks_right_at(1366, "receipt")
        self.until_text("open-rows", "Ana Pérez")
        # Her own list: what she handles and what nobody does, not Pedro's.
        self.assertIn("Nota entregada", self.text("open-rows"))
        self.driver.find_element(By.ID, "only-mine").send_keys(Keys.SPACE)
        self.wait.until(lambda d: "Nota entregada" not in d.find_element(By.ID, "open-rows").text)
        self.assertIn("Ana Pérez", self.text("open-rows"))
        self.assertIn("S-2026-000001", self.text("open-rows"))
        # Without a way to reach the person, the server says what to add, in Spanish.
        Select(self.driver.find_element(By.ID, "channel")).select_by_value("email")
        self.driver.find_element(By.ID, "summary").send_keys("Sin datos")
        self.click("register")
        self.until_text("message", "anote un teléfono o un correo")
        # The lost call's call back, by keyboard: its button, then "Hablé con la persona".
        button = self.driver.find_element(By.CSS_SELECTOR, "button[aria-label='Registrar una llamada a la persona de la solicitud S-2026-000001']")
        button.send_keys(Keys.ENTER)
        self.wait.until(lambda d: d.find_element(By.ID, "contact-dialog").is_displayed())
        self.until_text("contact-summary", "Llamó y se cortó")
        self.until_text("contact-attempts", "Nadie la ha llamado todavía.")
        self.until_text("contact-script", "Ante todo, pedimos disculpas por no haberle podido atender cuando usted llamó.")
        self.until_text("contact-script", "Mi nombre es Laura")
        self.assertEqual(self.axe_serious(), [], "the call's dialog under axe")
        self.driver.find_element(By.ID, "contact-note").send_keys("Se disculpó la llamada perdida")
        self.driver.find_element(By.XPATH, "//div[@id='contact-results']/button[.='Hablé con la persona']").click()
        self.until_text("message", "Solicitud S-2026-000001: persona contactada.")
        self.wait.until(lambda d: "S-2026-000001" not in d.find_element(By.ID, "open-rows").text)
        # Ana does not answer: the next try, in the office's time, shows in the list.
        button = self.driver.find_element(By.CSS_SELECTOR, "button[aria-label='Registrar una llamada a la persona de la solicitud S-2026-000003']")
        button.send_keys(Keys.ENTER)
        self.wait.until(lambda d: d.find_element(By.ID, "contact-dialog").is_displayed())
        self.driver.execute_script("document.getElementById('contact-next').value = '2026-11-23T15:00'")
        self.driver.find_element(By.XPATH, "//div[@id='contact-results']/button[.='No contestó']").click()
        self.until_text("message", "Llamada registrada en la solicitud S-2026-000003.")
        self.until_text("open-rows", "próximo intento: 2026-11-23 15:00")
        later = self.server.api("GET", "/api/requests/S-2026-000003", token=STAFF)
        self.assertEqual(later["attempts"][0]["next"], "2026-11-23T15:00:00-05:00")
        kept = self.server.api("GET", "/api/requests/S-2026-000001", token=STAFF)
        self.assertEqual(kept["promise"], "met")
        self.assertEqual(kept["attempts"][0]["note"], "Se disculpó la llamada perdida")
        self.assertFalse(self.driver.find_element(By.ID, "lost-calls").is_displayed(), "returned: no longer an alert")

    def test_the_persons_page_reads_on_a_phone(self):
        added = self.server.api("POST", "/api/requests", token=STAFF,
                                body={"channel": "email", "service": "B", "summary": "Queja por demora", "name": "Ana Pérez",
                                      "email": "ana@example.org", "assignee": "laura"})
        self.assertTrue(added["link"].startswith("/s/"))
        for width, height in [(390, 844), (768, 1024), (1366, 768)]:
            self.driver.set_window_size(width, height)
            self.driver.get(self.server.url + added["link"])
            body = self.driver.find_element(By.TAG_NAME, "main").text
            self.assertIn("Solicitud S-2026-000001", body)
            self.assertIn("Recibida: le contactaremos pronto", body)
            self.assertIn("Le contactaremos a más tardar el martes 24 de noviembre", body)
            self.assertIn("Presentar una queja o petición", body)
            self.assertNotIn("Ana", body)
            self.assertNotIn("ana@example.org", body)
            self.looks_right_at(width, "person")


if __name__ == "__main__":
    unittest.main()
