#!/usr/bin/env python3
"""Books, moves and cancels a COVID-19 test, and reads the test results; then, as the demo health
worker logged in at idporten-loa-high, registers, corrects and batch-registers results in the
result portal. In real headless Chromium against `tverr serve`:
first with JavaScript off in a 320 px wide window (every step must work with links and forms
alone), then with JavaScript on, to run axe-core (WCAG 2.1 A and AA) on each page of the
journey and to check that none scrolls sideways at 320 px.
Usage: browser_booking.py PATH_TO_TVERR [SCREENSHOT_FOLDER]"""
import datetime, os, re, signal, sqlite3, subprocess, sys, tempfile, time, urllib.request, zoneinfo

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.common.exceptions import WebDriverException
from selenium_axe_python import Axe

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import Checks, free_port, wait_ready  # noqa: E402

binary = sys.argv[1]
shots = sys.argv[2] if len(sys.argv) > 2 else None
check = Checks()


def browser(javascript):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=320,900", "--lang=en-GB"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-GB,en",
                                              "profile.managed_default_content_settings.javascript": 1 if javascript else 2})
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    # Headless Chromium will not make a window narrower than 500 px, so the viewport is set to a
    # small phone's 320 px through the DevTools protocol (without touch emulation).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 320, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    return driver


settlers = []  # the demo IMDi caseworker, from tverr serve's list
experts = []  # the youth panel's demo experts (psychologist, school nurse), from tverr serve's list
reply_codes = []  # the reply code the young person got in the question journey


def start():
    data = tempfile.mkdtemp(prefix="tverr-browser-")
    port = free_port()
    env = dict(os.environ, TVERR_DATA_DIR=data, TVERR_PORT=str(port))
    env.pop("DATABASE_URL", None)
    log = open(os.path.join(data, "serve.log"), "w+")
    process = subprocess.Popen([binary, "serve", "--demo-people", "300"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    check(wait_ready(base, 60), "tverr serve is ready")
    log.flush()
    log.seek(0)
    text = log.read()
    numbers = re.findall(r"^  (\d{11})  ", text, re.M)
    workers = re.findall(r"^  (\d{11})  .*, health-personnel at ", text, re.M)
    clerks = re.findall(r"^  (\d{11})  .*, municipal-staff at Oslo kommune", text, re.M)
    tracers = re.findall(r"^  (\d{11})  .*, tracer at ", text, re.M)
    police = re.findall(r"^  (\d{11})  .*, police at ", text, re.M)
    caseworkers = re.findall(r"^  (\d{11})  .*, caseworker at Utlendingsdirektoratet", text, re.M)
    settlers[:] = re.findall(r"^  (\d{11})  .*, caseworker at Integrerings", text, re.M)
    experts[:] = re.findall(r"^  (\d{11})  .*, expert at ", text, re.M)
    return (process, base, data, numbers[0] if numbers else None, workers[0] if workers else None, clerks[0] if clerks else None,
            tracers[0] if tracers else None, police[0] if police else None, caseworkers[0] if caseworkers else None)


def go(driver, element):
    """Clicks a link or a submit button and waits until the next page has replaced this one
    (a click returns before a form's answer has arrived)."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    settle(driver).until(expected_conditions.staleness_of(page))
    settle(driver).until(lambda d: d.find_elements(By.TAG_NAME, "footer"))  # the page has arrived whole


def settle(driver):
    """A wait that tries again when the page is replaced under it (a redirect mid-look)."""
    return WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,))


def snap(driver, seen, name):
    """Remembers the page for the axe pass, and photographs it when asked to."""
    seen.append((name, driver.current_url))
    if shots:
        driver.save_screenshot(os.path.join(shots, f"{name}.png"))


def staff_login(driver, base, path, pid):
    """Opens a staff page and logs in on the way by typing the number (staff are not in the demo list).
    The login page allows ten logins a minute from one address (429 after); the suite logs in more
    often than that, so a refused login waits for the window to pass and tries again."""
    for attempt in range(3):
        driver.get(base + path)
        settle(driver).until(lambda d: d.find_elements(By.ID, "pid"))
        driver.find_element(By.ID, "pid").send_keys(pid)
        go(driver, driver.find_element(By.XPATH, "//form[.//input[@id='pid']]//button[@type='submit']"))
        if "/authorize/login" in driver.current_url and attempt < 2:
            time.sleep(30)
            continue
        settle(driver).until(lambda d: path in d.current_url and d.find_elements(By.TAG_NAME, "footer"))
        return


def refusal(driver):
    """The page's error message, if it shows one."""
    messages = driver.find_elements(By.CSS_SELECTOR, ".error-summary")
    return messages[0].text if messages else ""


def day_with_times(driver):
    """Follows the day links in order until a day offers at least three times (a station may be
    closed tomorrow, a Sunday say); gives how many it offers."""
    for index in range(len(driver.find_elements(By.CSS_SELECTOR, "ul.days a"))):
        go(driver, driver.find_elements(By.CSS_SELECTOR, "ul.days a")[index])
        radios = driver.find_elements(By.CSS_SELECTOR, "input[type=radio][name=slot]")
        if len(radios) >= 3:
            return len(radios)
    return 0


def journey(driver, base, pid):
    """The whole journey with JavaScript off; gives the pages it saw, to check again with axe."""
    seen = []

    def page(name):
        seen.append((name, driver.current_url))
        if shots:
            driver.save_screenshot(os.path.join(shots, f"{len(seen):02d}-{name}.png"))
        return driver.page_source

    driver.get(base + "/login?return_to=/book")
    page("login")
    go(driver, driver.find_element(By.XPATH, f"//form[input[@name='pid' and @value='{pid}']]//button"))
    settle(driver).until(lambda d: "/book" in d.current_url and d.find_elements(By.TAG_NAME, "footer"))  # through the redirects
    html = page("stations")
    check(driver.current_url.startswith(base + "/book") and "Book a COVID-19 test" in html, f"after logging in, the stations: {driver.current_url}")
    driver.get(base + "/my/results")
    html = page("results")
    check("My test results" in html and "Negative: the virus was not found" in html, "the demo citizen's test results in words")
    driver.get(base + "/my/certificates")
    page("certificates")
    go(driver, driver.find_elements(By.XPATH, "//button[text()='Get certificate']")[0])
    html = page("certificate")
    check("/my/certificates/" in driver.current_url and "<svg" in html, f"a certificate with its QR code: {driver.current_url}")
    driver.get(base + "/book")
    go(driver, driver.find_element(By.LINK_TEXT, "Choose a time"))
    page("today")
    offered = day_with_times(driver)
    html = page("times")
    check(offered >= 3, f"a day in the next two weeks offers times: {offered}")
    if not offered:
        return seen
    driver.find_element(By.XPATH, "//ul[contains(@class,'slots')]/li[1]/label").click()
    go(driver, driver.find_element(By.XPATH, "//button[text()='Book']"))
    html = page("booked")
    booked = "Your time is booked." in html and "/my/bookings/" in driver.current_url
    check(booked, f"booked: {driver.current_url} {refusal(driver)}")
    if not booked:
        return seen

    go(driver, driver.find_element(By.LINK_TEXT, "Change time"))
    check(day_with_times(driver) >= 3, "a day to move to")
    page("change")
    driver.find_element(By.XPATH, "//ul[contains(@class,'slots')]/li[3]/label").click()
    go(driver, driver.find_element(By.XPATH, "//button[text()='Move my booking here']"))
    html = page("moved")
    check("Your booking has been moved." in html, "moved to another time")

    go(driver, driver.find_element(By.LINK_TEXT, "Cancel booking"))
    html = page("cancel-question")
    check("Do you want to cancel the booking?" in html, "asked before cancelling")
    go(driver, driver.find_element(By.XPATH, "//button[text()='Cancel booking']"))
    html = page("cancelled")
    check("Your booking has been cancelled." in html and driver.current_url.endswith("/my/bookings?done=cancelled"), f"cancelled: {driver.current_url}")
    return seen


def staff_journey(driver, base, worker, citizen):
    """The result portal with JavaScript off: log in at high, find the citizen, register a
    result, correct it, and register a small test session at once."""
    seen = []

    def page(name):
        seen.append((name, driver.current_url))
        if shots:
            driver.save_screenshot(os.path.join(shots, f"staff-{len(seen):02d}-{name}.png"))
        return driver.page_source

    staff_login(driver, base, "/staff/results", worker)  # the login page asks for high; staff type their number
    html = page("portal")
    check("Register test results" in html and "HPR" in html, f"the health worker reaches the result portal: {driver.current_url} {refusal(driver)}")
    driver.find_element(By.ID, "person").send_keys(citizen)
    go(driver, driver.find_element(By.XPATH, "//button[text()='Find the person']"))
    html = page("portal-person")
    check("Register a new result" in html and "Born" in html, "the person is found, with name and address from the register")
    Select = __import__("selenium.webdriver.support.select", fromlist=["Select"]).Select
    Select(driver.find_element(By.ID, "device")).select_by_value("1232")
    driver.find_element(By.XPATH, "//label[@for='result-negative']").click()
    driver.find_element(By.ID, "centre").send_keys("Teststasjon Oslo S")
    go(driver, driver.find_element(By.XPATH, "//button[text()='Register the result']"))
    html = page("portal-saved")
    check("The result is registered." in html, f"a result registered: {refusal(driver)}")
    go(driver, driver.find_elements(By.LINK_TEXT, "Correct the result")[0])
    html = page("portal-correct")
    check("Correct a test result" in html, "the correction form")
    driver.find_element(By.XPATH, "//label[@for='result-positive']").click()
    driver.find_element(By.ID, "reason").send_keys("Read wrongly")
    go(driver, driver.find_element(By.XPATH, "//button[text()='Save the correction']"))
    html = page("portal-corrected")
    check("The correction is saved." in html and "Corrected" in html, f"the correction saved: {refusal(driver)}")
    go(driver, driver.find_element(By.LINK_TEXT, "Register many results at once"))
    page("portal-batch")
    Select(driver.find_element(By.ID, "device")).select_by_value("1468")
    driver.find_element(By.ID, "centre").send_keys("Teststasjon Oslo S")
    driver.find_element(By.ID, "lines").send_keys(f"{citizen}, negativ\n12345678901, negativ")
    go(driver, driver.find_element(By.XPATH, "//button[text()='Register all the results']"))
    html = page("portal-batch-done")
    check("Registered: 1. Not registered: 1." in html, f"each line answered: {refusal(driver)}")
    return seen


def entry_journey(driver, base):
    """A traveller registers their arrival with a passport, without logging in and without JavaScript."""
    seen = []
    Select = __import__("selenium.webdriver.support.select", fromlist=["Select"]).Select
    driver.get(base + "/entry")
    snap(driver, seen, "entry-01-form")
    driver.find_element(By.XPATH, "//label[@for='identity_kind-passport']").click()
    driver.find_element(By.ID, "passport_number").send_keys("PA1234567")
    Select(driver.find_element(By.ID, "passport_country")).select_by_value("UA")
    driver.find_element(By.ID, "given_name").send_keys("Olena")
    driver.find_element(By.ID, "family_name").send_keys("Kovalenko")
    driver.find_element(By.ID, "birth_date").send_keys("1988-03-02")
    Select(driver.find_element(By.ID, "country_from")).select_by_value("PL")
    driver.find_element(By.ID, "address").send_keys("Storgata 1")
    driver.find_element(By.ID, "postcode").send_keys("0155")
    Select(driver.find_element(By.ID, "municipality")).select_by_value("0301")
    go(driver, driver.find_element(By.XPATH, "//button[text()='Send the registration']"))
    snap(driver, seen, "entry-02-registered")
    check("Thank you, you are registered" in driver.page_source and "INN-" in driver.page_source,
          f"the traveller is registered: {driver.current_url} {refusal(driver)}")
    return seen


def tracing_journey(driver, base, tracer):
    """The tracer's queue, and if it holds a case, the case with a contact recorded by phone."""
    seen = []
    staff_login(driver, base, "/staff/tracing", tracer)
    snap(driver, seen, "tracing-01-queue")
    check("Contact tracing" in driver.page_source, f"the tracer sees the queue: {driver.current_url}")
    links = driver.find_elements(By.LINK_TEXT, "Open the case")
    if links:
        go(driver, links[0])
        driver.find_element(By.ID, "name").send_keys("Ola Nordmann")
        driver.find_element(By.ID, "phone").send_keys("+47 912 34 567")
        driver.find_element(By.ID, "last_contact").send_keys(time.strftime("%Y-%m-%d"))
        go(driver, driver.find_element(By.XPATH, "//button[text()='Record and send advice']"))
        snap(driver, seen, "tracing-02-case")
        check("The close contact is recorded" in driver.page_source, f"a contact recorded: {refusal(driver)}")
    return seen


def dashboard_journey(driver, base, clerk):
    """The municipal dashboard with JavaScript off, as Oslo's staff: charts, table and CSV link."""
    seen = []
    staff_login(driver, base, "/staff/dashboard", clerk)
    snap(driver, seen, "staff-dashboard")
    html = driver.page_source
    check("Infection figures" in html and "role=\"img\"" in html and "Download the figures as CSV" in html,
          f"Oslo's staff see the dashboard: {driver.current_url}")
    return seen


def intake_journey(driver, base, officer):
    """A police officer registers a mother and her son at the first meeting, on a phone, without JavaScript."""
    seen = []
    Select = __import__("selenium.webdriver.support.select", fromlist=["Select"]).Select
    staff_login(driver, base, "/staff/arrival", officer)
    snap(driver, seen, "arrival-01-intake")
    check("Registration on arrival" in driver.page_source, f"the officer sees the intake form: {driver.current_url}")
    Select(driver.find_element(By.ID, "documentType")).select_by_value("passport")
    driver.find_element(By.ID, "documentNumber").send_keys("FX 120 777")
    driver.find_element(By.ID, "givenNameNative").send_keys("Олена")
    driver.find_element(By.ID, "familyNameNative").send_keys("Коваленко")
    driver.find_element(By.ID, "birthDate").send_keys("1986-03-14")
    Select(driver.find_element(By.ID, "sex")).select_by_value("female")
    driver.find_element(By.ID, "leftUkraineOn").send_keys(time.strftime("%Y-%m-%d"))
    Select(driver.find_element(By.ID, "receptionCentre")).select_by_value("oslo-sentrum")
    Select(driver.find_element(By.ID, "members.1.relationship")).select_by_value("child")
    driver.find_element(By.ID, "members.1.givenNameNative").send_keys("Тарас")
    driver.find_element(By.ID, "members.1.familyNameNative").send_keys("Коваленко")
    driver.find_element(By.ID, "members.1.birthDate").send_keys("2016-09-01")
    Select(driver.find_element(By.ID, "members.1.sex")).select_by_value("male")
    go(driver, driver.find_element(By.XPATH, "//button[text()='Register']"))
    if shots:
        driver.save_screenshot(os.path.join(shots, "arrival-02-receipt.png"))
    html = driver.page_source
    check("Olena Kovalenko" in html and "Taras Kovalenko" in html and "Granted by the rules" in html and "Sent to a caseworker" in html,
          f"the family is registered and decided: {refusal(driver)} {html[:300]}")
    return seen


def caseworker_journey(driver, base, caseworker):
    """A UDI caseworker opens the case the rules sent over (the child without papers) and grants it with a reason, by keyboard-free clicks, without JavaScript."""
    seen = []
    staff_login(driver, base, "/staff/protection", caseworker)
    snap(driver, seen, "cases-01-queue")
    links = driver.find_elements(By.CSS_SELECTOR, "ul.cases a")
    check(bool(links), f"the routed case is in the queue: {driver.page_source[:200]}")
    if links:
        go(driver, links[0])
        snap(driver, seen, "cases-02-case")
        check("How the rules assessed the case" in driver.page_source and "close_family" in driver.page_source, "the case shows its trace")
        driver.find_element(By.XPATH, "//label[@for='outcome-grant']").click()
        driver.find_element(By.ID, "reason").send_keys("The birth certificate was seen at the interview with the mother.")
        go(driver, driver.find_element(By.XPATH, "//button[text()='Make the decision']"))
        check("The decision is made." in driver.page_source and "Granted" in driver.page_source, f"the case is decided: {refusal(driver)}")
    return seen


def rules_journey(driver, base):
    """The published rules, without a login and without JavaScript."""
    seen = []
    driver.get(base + "/rules")
    go(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "collective protection"))
    snap(driver, seen, "rules-collective-protection")
    check("utlendingsforskriften § 7-5 a" in driver.page_source and "never refuse" in driver.page_source,
          f"the rules are published: {driver.current_url}")
    return seen


def decision_check_journey(driver, base, data):
    """Someone shown a decision letter opens its QR code's link, then pastes a damaged code into
    the form, without a login and without JavaScript."""
    seen = []
    with sqlite3.connect(os.path.join(data, "tverr.sqlite")) as db:
        row = db.execute("SELECT letter_code FROM protection_applications WHERE letter_code IS NOT NULL ORDER BY decided_at LIMIT 1").fetchone()
    check(row is not None, "the granted decision has a signed letter")
    if row is None:
        return seen
    code = row[0]
    driver.get(f"{base}/verify/decision?code={code}&lang=en")
    snap(driver, seen, "decision-01-genuine")
    html = driver.page_source
    check("The decision is genuine" in html and "This is the decision in force now." in html and "Olena Kovalenko" in html,
          f"the letter's link shows a genuine decision in force: {html[:300]}")
    field = driver.find_element(By.ID, "code")
    field.clear()
    field.send_keys(code[:-12] + ("A" if code[-12] != "A" else "B") + code[-11:])
    go(driver, driver.find_element(By.XPATH, "//button[text()='Check']"))
    snap(driver, seen, "decision-02-refused")
    check("The decision cannot be confirmed" in driver.page_source and "Olena" not in driver.page_source.split("<form")[0],
          f"a changed code is refused and shows nothing of the decision: {driver.page_source[:300]}")
    return seen


def places_journey(driver, base, clerk):
    """Oslo's staff state this year's places for settlement, without JavaScript."""
    seen = []
    staff_login(driver, base, "/staff/municipality/settlement", clerk)
    field = driver.find_element(By.ID, "places")
    field.clear()
    field.send_keys("5")
    go(driver, driver.find_element(By.XPATH, "//button[text()='Save the places']"))
    check("The places are saved." in driver.page_source, f"Oslo saves its places: {refusal(driver)}")
    return seen


def proposal_journey(driver, base, settler):
    """IMDi proposes Oslo for the granted family, without JavaScript."""
    seen = []
    staff_login(driver, base, "/staff/settlement", settler)
    snap(driver, seen, "settlement-01-imdi")
    check("Oslo (5 left)" in driver.page_source and "Olena Kovalenko" in driver.page_source,
          f"IMDi sees the family and Oslo's places: {driver.page_source[:300]}")
    forms = driver.find_elements(By.XPATH, "//form[contains(@action, '/proposal')]")
    check(bool(forms), "a family waits for a municipality")
    if forms:
        Select(forms[0].find_element(By.TAG_NAME, "select")).select_by_value("0301")
        go(driver, forms[0].find_element(By.TAG_NAME, "button"))
        check("The proposal is sent to the municipality." in driver.page_source, f"IMDi proposes Oslo: {refusal(driver)}")
    driver.get(base + "/staff/journey")
    snap(driver, seen, "journey-01-map")
    check("The service chain" in driver.page_source and "<svg" in driver.page_source and "Hand-offs" in driver.page_source,
          f"IMDi sees the journey's map and waits: {refusal(driver)}")
    return seen


def move_in_journey(driver, base, clerk):
    """Oslo accepts the family and registers the move-in address, without JavaScript."""
    seen = []
    staff_login(driver, base, "/staff/municipality/settlement", clerk)
    go(driver, driver.find_element(By.XPATH, "//button[text()='Accept']"))
    check("The answer is registered." in driver.page_source, f"Oslo accepts the family: {refusal(driver)}")
    snap(driver, seen, "settlement-02-municipality")
    driver.find_element(By.XPATH, "//input[starts-with(@id, 'street-')]").send_keys("Tøyengata 12")
    driver.find_element(By.XPATH, "//input[starts-with(@id, 'postcode-')]").send_keys("0578")
    # The family came to the reception centre today; the move-in is tomorrow (Norwegian time).
    moved = driver.find_element(By.XPATH, "//input[starts-with(@id, 'movedIn-')]")
    moved.clear()
    moved.send_keys((datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Oslo")).date() + datetime.timedelta(days=1)).isoformat())
    go(driver, driver.find_element(By.XPATH, "//button[text()='Register the move-in']"))
    check("The address is registered in the population register." in driver.page_source and "Moved in" in driver.page_source,
          f"Oslo registers the move-in: {refusal(driver)}")
    return seen


def network_journey(driver, base, settler):
    """IMDi posts an update for the agencies' network (a refused one first) and subscribes to the
    weekly e-mail, then sees the update beside Settlement on the service chain map; no JavaScript."""
    seen = []
    staff_login(driver, base, "/staff/network", settler)
    go(driver, driver.find_element(By.XPATH, "//button[text()='Publish']"))
    check("Write at least 10 characters." in refusal(driver), f"an empty update is refused: {refusal(driver)}")
    snap(driver, seen, "network-00-refused")
    driver.find_element(By.ID, "text").send_keys("Settlement proposals now go out twice a week, on Mondays and Thursdays.")
    driver.find_element(By.XPATH, "//label[text()='Settlement']").click()
    go(driver, driver.find_element(By.XPATH, "//button[text()='Publish']"))
    check("The update is published." in driver.page_source and "Affects: Settlement" in driver.page_source,
          f"IMDi publishes an update: {refusal(driver)}")
    driver.find_element(By.ID, "email").send_keys("nettverk@imdi.example")
    go(driver, driver.find_element(By.XPATH, "//button[text()='Subscribe']"))
    check("You get the e-mail at nettverk@imdi.example" in driver.page_source, f"IMDi subscribes to the weekly e-mail: {refusal(driver)}")
    snap(driver, seen, "network-01-page")
    driver.get(base + "/staff/journey")
    check(">Updates: 1</text>" in driver.page_source and "Settlement proposals now go out twice a week" in driver.page_source,
          "the update is on the service chain map, beside Settlement")
    snap(driver, seen, "journey-02-network")
    return seen


def youth_journey(driver, base):
    """A young person finds an article on the youth front door by topic and by search, without
    JavaScript and without logging in."""
    seen = []
    driver.get(base + "/ung?lang=en")
    snap(driver, seen, "youth-01-front")
    check("Young: for you between 13 and 20" in driver.page_source, "the youth front page opens without login")
    go(driver, driver.find_element(By.LINK_TEXT, "Mental health"))
    go(driver, driver.find_element(By.LINK_TEXT, "When you feel down for a long time"))
    check("Last reviewed:" in driver.page_source and "116 123" in driver.page_source, "an article with its review date")
    snap(driver, seen, "youth-02-article")
    go(driver, driver.find_element(By.LINK_TEXT, "Back to the youth front page"))
    driver.find_element(By.ID, "q").send_keys("first jo")
    Select(driver.find_element(By.ID, "alder")).select_by_value("16")
    go(driver, driver.find_element(By.XPATH, "//form[@role='search']//button"))
    check("Results for «first jo»" in driver.page_source and "Your first job" in driver.page_source, "search finds an article by a half-typed word")
    snap(driver, seen, "youth-03-search")
    return seen


def panel_answer_journey(driver, base, expert):
    """An expert answers the waiting question on the panel's page, without JavaScript."""
    seen = []
    staff_login(driver, base, "/staff/panel?lang=en", expert)
    check("Waiting for an answer" in driver.page_source, "the expert sees the panel's queue")
    snap(driver, seen, "youth-08-panel")
    go(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Someone at school hits me"))
    driver.find_element(By.ID, "answer").send_keys("It is never your fault when someone hits you. Tell a teacher or the school nurse today, "
                                                   "and call Alarmtelefonen on 116 111 if you do not feel safe at home or at school.")
    go(driver, driver.find_element(By.XPATH, "//form[@action='/staff/panel/answer']//button"))
    check("The answer is sent for review." in driver.page_source, "the answer waits for review")
    return seen


def panel_review_journey(driver, base, expert):
    """A second expert reviews the answer with the redactions and publishes it; the young person
    reads it with the reply code and finds it in the archive."""
    seen = []
    staff_login(driver, base, "/staff/panel?lang=en", expert)
    go(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Someone at school hits me"))
    check("action=\"/staff/panel/publish\"" in driver.page_source, "a second expert gets the review")
    snap(driver, seen, "youth-09-review")
    go(driver, driver.find_element(By.XPATH, "//form[@action='/staff/panel/publish']//button"))
    check("The answer is published." in driver.page_source, "the answer is published")
    if reply_codes:
        driver.get(base + "/ung/svar?lang=en&kode=" + reply_codes[0])
        check("It is never your fault" in driver.page_source, "the reply code shows the published answer")
    driver.get(base + "/ung/svar-fra-fagfolk?lang=en")
    driver.find_element(By.ID, "q").send_keys("school nurse")
    go(driver, driver.find_element(By.XPATH, "//form[@role='search']//button"))
    go(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Someone at school hits me"))
    check("It is never your fault" in driver.page_source and "Answered by" in driver.page_source, "the archive finds the published answer")
    snap(driver, seen, "youth-10-archive")
    return seen


def youth_question_journey(driver, base):
    """A young person asks the expert panel anonymously, without JavaScript: a question that sounds
    serious shows the emergency numbers first; sent anyway, it gives a reply code that opens the
    question, still waiting for a professional."""
    seen = []
    driver.get(base + "/ung?lang=en")
    go(driver, driver.find_element(By.LINK_TEXT, "Ask us anonymously"))
    snap(driver, seen, "youth-04-ask")
    driver.find_element(By.ID, "text").send_keys("Someone at school hits me every day and I do not dare to tell anyone. What should I do?")
    Select(driver.find_element(By.ID, "age")).select_by_value("14")
    go(driver, driver.find_element(By.XPATH, "//form[@method='post']//button[@type='submit']"))
    check("Do you need help now?" in driver.page_source and "116 111" in driver.page_source, "a serious question shows the emergency numbers first")
    if shots:
        driver.save_screenshot(os.path.join(shots, "youth-05-urgent.png"))
    go(driver, driver.find_element(By.XPATH, "//form[@method='post']//button[@type='submit']"))
    codes = re.findall(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", driver.find_element(By.TAG_NAME, "main").text)
    check(len(codes) == 1, "the question is sent and the page shows one reply code")
    reply_codes[:] = codes
    if shots:
        driver.save_screenshot(os.path.join(shots, "youth-06-code.png"))
    go(driver, driver.find_element(By.LINK_TEXT, "Read the answer with the code"))
    check("Your question is waiting for a professional." in driver.page_source, "the reply code opens the waiting question")
    snap(driver, seen, "youth-07-reply")
    return seen


def audit(driver, base, seen, cookies):
    """Each page again with JavaScript on: axe finds no WCAG 2.1 A or AA violation, and nothing
    is wider than the 320 px window."""
    driver.get(base + "/")
    for cookie in cookies:
        driver.add_cookie({key: cookie[key] for key in ("name", "value", "path") if key in cookie})
    width = driver.execute_script("return window.innerWidth")
    check(width == 320, f"the viewport is 320 px wide: {width}")
    for name, url in seen:
        driver.get(url)
        axe = Axe(driver)
        axe.inject()
        result = axe.run(options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
        violations = [(v["id"], len(v["nodes"]), v["nodes"][0]["html"][:120]) for v in result["violations"]]
        check(not violations, f"{name}: axe finds no WCAG 2.1 AA violation: {violations}")
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        check(wide <= width, f"{name}: no sideways scrolling at {width} px (the page is {wide} px wide)")


def run(journey, *arguments):
    """A journey with JavaScript off, then each page it saw again with axe (JavaScript on)."""
    plain = browser(javascript=False)
    try:
        seen = journey(plain, base, *arguments)
        cookies = plain.get_cookies()
    finally:
        plain.quit()
    scripted = browser(javascript=True)
    try:
        audit(scripted, base, seen, cookies)
    finally:
        scripted.quit()


process, base, data, pid, worker, clerk, tracer, officer, caseworker = start()
try:
    check(pid is not None, "tverr serve printed a demo identity")
    check(worker is not None, "tverr serve printed the demo health worker")
    check(clerk is not None, "tverr serve printed the demo municipal staff member")
    check(tracer is not None, "tverr serve printed the demo contact tracer")
    check(officer is not None, "tverr serve printed the demo police officer")
    if pid:
        run(journey, pid)
    run(entry_journey)
    run(rules_journey)
    run(youth_journey)
    run(youth_question_journey)
    if clerk:
        run(dashboard_journey, clerk)
    if pid and worker:
        run(staff_journey, worker, pid)
    if tracer:
        run(tracing_journey, tracer)
    if officer:
        run(intake_journey, officer)
    check(caseworker is not None, "tverr serve printed the demo caseworker at UDI")
    if officer and caseworker:
        run(caseworker_journey, caseworker)
    if officer:
        run(decision_check_journey, data)
    check(bool(settlers), "tverr serve printed the demo caseworker at IMDi")
    if officer and caseworker and clerk and settlers:
        run(places_journey, clerk)
        run(proposal_journey, settlers[0])
        run(move_in_journey, clerk)
        run(network_journey, settlers[0])
    check(len(experts) == 2, "tverr serve printed the two demo experts of the youth panel")
    if len(experts) == 2:
        run(panel_answer_journey, experts[0])
        run(panel_review_journey, experts[1])
finally:
    # Stopped even when a journey fails, so that no server is left running.
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
print(f"browser booking: {check.passed} checks passed, {len(check.failures)} failed")
sys.exit(1 if check.failures else 0)
