"""The requests page (/requests) in a real headless Chromium, under axe-core 4: a phone
request registered gets its number at once, and a lost call's call back is recorded."""
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
            self.looks_right_at(width, "list")
            self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
        # A phone request, typed by the official: its number to read out at once.
        self.sign_in_at("/requests", LAURA)
        self.wait.until(lambda d: len(Select(d.find_element(By.ID, "service")).options) > 0)
        Select(self.driver.find_element(By.ID, "channel")).select_by_value("phone")
        Select(self.driver.find_element(By.ID, "service")).select_by_value("B")
        self.driver.find_element(By.ID, "summary").send_keys("Queja por demora en la respuesta")
        self.driver.find_element(By.ID, "person-name").send_keys("Ana Pérez")
        self.driver.find_element(By.ID, "phone").send_keys("601 555 0123")
        self.click("register")
        self.until_text("registered", "Solicitud S-2026-000002 registrada")
        self.until_text("open-rows", "Ana Pérez")
        # Without a way to reach the person, the server says what to add, in Spanish.
        Select(self.driver.find_element(By.ID, "channel")).select_by_value("email")
        self.driver.find_element(By.ID, "summary").send_keys("Sin datos")
        self.click("register")
        self.until_text("message", "anote un teléfono o un correo")
        # The lost call's call back, by keyboard: its button, then "Hablé con la persona".
        button = self.driver.find_element(By.CSS_SELECTOR, "button[aria-label='Registrar una llamada a la persona de la solicitud S-2026-000001']")
        button.send_keys(Keys.ENTER)
        self.wait.until(lambda d: d.find_element(By.ID, "contact-dialog").is_displayed())
        self.driver.find_element(By.ID, "contact-note").send_keys("Se disculpó la llamada perdida")
        self.driver.find_element(By.XPATH, "//div[@id='contact-results']/button[.='Hablé con la persona']").click()
        self.until_text("message", "Solicitud S-2026-000001: persona contactada.")
        self.wait.until(lambda d: "S-2026-000001" not in d.find_element(By.ID, "open-rows").text)
        kept = self.server.api("GET", "/api/requests/S-2026-000001", token=STAFF)
        self.assertEqual(kept["promise"], "met")
        self.assertEqual(kept["attempts"][0]["note"], "Se disculpó la llamada perdida")


if __name__ == "__main__":
    unittest.main()
