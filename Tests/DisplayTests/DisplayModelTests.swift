import AtiendeCore
import DisplayModel
import Foundation
import Testing

enum Demo {
    static let office: Office = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Assets/office.json")
        let data = (try? Data(contentsOf: url)) ?? Data()
        return (try? OfficeConfig.parse(data, file: "office.json"))
            ?? Office(name: LocalizedText(es: "?", en: "?"), timeZone: .gmt, hours: OpeningHours(days: [], open: TimeOfDay(minutes: 0), close: TimeOfDay(minutes: 1)), services: [], desks: [])
    }()
    /// Monday 2026-11-23, 09:00 in Bogotá.
    static let nine = Date(timeIntervalSince1970: 1_795_442_400)

    static func snapshot(at date: Date = nine, calls: [(String, DeskID, Double)] = [], waiting: [(ServiceCode, Int, Int)] = []) -> QueueSnapshot {
        QueueSnapshot(
            takenAt: date, day: office.calendar.day(of: date),
            services: office.services.map { s in
                let w = waiting.first { $0.0 == s.code }
                return QueueSnapshot.ServiceStatus(code: s.code, waiting: w?.1 ?? 0, longestWaitSeconds: w?.2 ?? 0, estimatedWaitMinutes: 5)
            },
            desks: office.desks.map { QueueSnapshot.DeskStatus(id: $0.id, state: .idle) },
            recentCalls: calls.reversed().map { QueueSnapshot.Call(number: TicketNumber(parsing: $0.0)!, desk: $0.1, at: date.addingTimeInterval($0.2), recall: false) },
            today: Indicators())
    }
}

@Suite struct DisplayModelTests {
    @Test func theFirstSnapshotAnnouncesNothingOld() {
        var model = DisplayModel(language: .es)
        let said = model.receive(Demo.snapshot(calls: [("A-001", "1", -60)]), office: Demo.office, at: Demo.nine)
        #expect(said.isEmpty)
        #expect(model.screen(at: Demo.nine).current == .init(number: "A-001", desk: "Ventanilla 1"))
        #expect(!model.isFlashing(at: Demo.nine))
    }

    @Test func aCallMadeWhileTheDisplayWasConnectingIsStillAnnounced() {
        var model = DisplayModel(language: .es)
        let said = model.receive(Demo.snapshot(calls: [("A-001", "1", -60), ("B-001", "3", -2)]), office: Demo.office, at: Demo.nine)
        #expect(said.map(\.number.description) == ["B-001"])
    }

    @Test func callsMadeDuringAnOutageAreAnnouncedOnReconnect() {
        var model = DisplayModel(language: .es)
        _ = model.receive(Demo.snapshot(calls: [("A-001", "1", -60)]), office: Demo.office, at: Demo.nine)
        model.fail("locked")
        let later = Demo.nine.addingTimeInterval(120)
        let said = model.receive(Demo.snapshot(at: later, calls: [("A-001", "1", -180), ("A-002", "2", -30)]), office: Demo.office, at: later)
        #expect(said.map(\.number.description) == ["A-002"])
    }

    @Test func aNewCallChimesFlashesAndIsSpoken() {
        var model = DisplayModel(language: .es)
        _ = model.receive(Demo.snapshot(), office: Demo.office, at: Demo.nine)
        let t = Demo.nine.addingTimeInterval(5)
        let said = model.receive(Demo.snapshot(at: t, calls: [("A-023", "3", 0)]), office: Demo.office, at: t)
        #expect(said.map { $0.speech.map(\.text) } == [["Turno A cero veintitrés, ventanilla tres"]])
        #expect(said.first?.speech.first?.voice == "es-419" && said.first?.chimeVolume == 80)
        #expect(model.isFlashing(at: t.addingTimeInterval(1)))
        #expect(model.screen(at: t).flashOn)
        #expect(!model.screen(at: t.addingTimeInterval(0.6)).flashOn, "the flash blinks")
        #expect(!model.isFlashing(at: t.addingTimeInterval(DisplayModel.flashSeconds + 0.1)), "and stops")
    }

    /// With a second wall language the call is shown and said in both, at the office's volumes.
    @Test func aSecondWallLanguageShowsAndSaysEachCallTwice() throws {
        var office = Demo.office
        office.screens = ScreenSettings(voices: [.es: "es-419", .en: "en-gb"], chimeVolume: 40, voiceVolume: 70, wallLanguages: [.es, .en])
        var model = DisplayModel(language: .es)
        _ = model.receive(Demo.snapshot(), office: office, at: Demo.nine)
        let t = Demo.nine.addingTimeInterval(5)
        let said = model.receive(Demo.snapshot(at: t, calls: [("A-023", "3", 0)]), office: office, at: t)
        #expect(said.first?.speech == [
            .init(text: "Turno A cero veintitrés, ventanilla tres", voice: "es-419"), .init(text: "Ticket A zero twenty-three, desk three", voice: "en-gb"),
        ])
        #expect(said.first?.chimeVolume == 40 && said.first?.voiceVolume == 70)
        let screen = model.screen(at: t)
        #expect(screen.currentCaption == "Turno · Ticket")
        #expect(screen.current?.desk == "Ventanilla 3 · Desk 3")
    }

    /// The office's notice shows in the wall's languages, and only on its days.
    @Test func theNoticeShowsInTheWallsLanguagesOnItsDays() {
        var office = Demo.office
        office.screens = ScreenSettings(wallLanguages: [.es, .en])
        office.notices = [Notice(text: LocalizedText(es: "Hoy cerramos a las 15:00", en: "Today we close at 15:00"),
            from: LocalDay(year: 2026, month: 11, day: 23), to: LocalDay(year: 2026, month: 11, day: 23))]
        var model = DisplayModel(language: .es)
        _ = model.receive(Demo.snapshot(), office: office, at: Demo.nine)
        #expect(model.screen(at: Demo.nine).notice == "Hoy cerramos a las 15:00 · Today we close at 15:00")
        let tomorrow = Demo.nine.addingTimeInterval(86_400)
        _ = model.receive(Demo.snapshot(at: tomorrow), office: office, at: tomorrow)
        #expect(model.screen(at: tomorrow).notice == nil)
    }

    /// Each row carries its service's letter, and a wait past the target a sign as well as red.
    @Test func rowsShowTheLetterAndPastTheTargetInWords() {
        var model = DisplayModel(language: .es)
        _ = model.receive(Demo.snapshot(waiting: [("A", 3, 1200)]), office: Demo.office, at: Demo.nine)
        let row = model.screen(at: Demo.nine).services.first { $0.letter == "A" }
        #expect(row?.longestWait.hasPrefix("⚠") == true && row?.level == .red)
    }

    @Test func aRecallChimesAgainAndMovesTheNumberToTheTop() {
        var model = DisplayModel(language: .es)
        _ = model.receive(Demo.snapshot(calls: [("A-001", "1", -120), ("B-001", "2", -60)]), office: Demo.office, at: Demo.nine)
        var recalled = Demo.snapshot(calls: [("A-001", "1", -120), ("B-001", "2", -60)])
        recalled.recentCalls.insert(QueueSnapshot.Call(number: TicketNumber(service: "A", sequence: 1), desk: "1", at: Demo.nine, recall: true), at: 0)
        let said = model.receive(recalled, office: Demo.office, at: Demo.nine)
        #expect(said.count == 1 && said[0].recall)
        let screen = model.screen(at: Demo.nine)
        #expect(screen.current?.number == "A-001")
        #expect(screen.recent.map(\.number) == ["B-001"], "each number once")
    }

    @Test func aRecallAtTheSameInstantAsTheCallStillChimes() {
        var model = DisplayModel(language: .es)
        _ = model.receive(Demo.snapshot(calls: [("A-001", "1", -30)]), office: Demo.office, at: Demo.nine)
        var recalled = Demo.snapshot(calls: [("A-001", "1", -30)])
        recalled.recentCalls.insert(QueueSnapshot.Call(number: TicketNumber(service: "A", sequence: 1), desk: "1",
            at: Demo.nine.addingTimeInterval(-30), recall: true), at: 0)
        #expect(model.receive(recalled, office: Demo.office, at: Demo.nine).map(\.recall) == [true])
    }

    @Test func severalCallsAtOnceAreAnnouncedOldestFirst() {
        var model = DisplayModel(language: .en)
        _ = model.receive(Demo.snapshot(), office: Demo.office, at: Demo.nine)
        let said = model.receive(Demo.snapshot(calls: [("A-001", "1", -2), ("B-002", "4", -1)]), office: Demo.office, at: Demo.nine)
        #expect(said.map { $0.speech.map(\.text) } == [["Ticket A zero zero one, desk one"], ["Ticket B zero zero two, desk four"]])
    }

    @Test func waitsAreColouredAgainstTheTarget() {
        #expect(DisplayModel.level(seconds: 599, target: 900) == .green)
        #expect(DisplayModel.level(seconds: 600, target: 900) == .amber)
        #expect(DisplayModel.level(seconds: 900, target: 900) == .amber)
        #expect(DisplayModel.level(seconds: 901, target: 900) == .red)
    }

    /// The big box showed a finished call forever. It holds the newest call while its desk
    /// still calls that number, then two minutes, then goes back to the welcome; the call
    /// then heads the list of recent ones.
    @Test func theBigBoxLetsGoOfACallOnceItsDeskMovedOn() {
        var model = DisplayModel(language: .es)
        var calling = Demo.snapshot(calls: [("A-001", "1", -600)])
        calling.desks[0] = QueueSnapshot.DeskStatus(id: "1", state: .called, ticket: TicketNumber(parsing: "A-001"))
        _ = model.receive(calling, office: Demo.office, at: Demo.nine)
        #expect(model.screen(at: Demo.nine).current?.number == "A-001", "its desk still calls it, ten minutes on")
        let later = Demo.nine.addingTimeInterval(60)
        _ = model.receive(Demo.snapshot(at: later, calls: [("A-001", "1", -660), ("A-002", "2", -30)]), office: Demo.office, at: later)
        #expect(model.screen(at: later).current?.number == "A-002", "a minute after its call")
        let gone = later.addingTimeInterval(DisplayModel.largeAfterCallSeconds)
        let screen = model.screen(at: gone)
        #expect(screen.current == nil, "back to the welcome")
        #expect(screen.recent.first?.number == "A-002")
    }

    /// "sin espera" only when nobody waits; people waiting and a rounding to zero read
    /// "<1 min" (seen: "5 en espera … sin espera").
    @Test func theWallSaysNoWaitOnlyWhenNobodyWaits() {
        var model = DisplayModel(language: .es)
        var snapshot = Demo.snapshot(waiting: [("A", 5, 100)])
        for i in snapshot.services.indices { snapshot.services[i].estimatedWaitMinutes = 0 }
        _ = model.receive(snapshot, office: Demo.office, at: Demo.nine)
        let rows = model.screen(at: Demo.nine).services
        #expect(rows.first { $0.letter == "A" }?.estimate == "<1 min")
        #expect(rows.first { $0.letter == "B" }?.estimate == "sin espera")
    }

    @Test func waitsKeepGrowingBetweenSnapshots() {
        var model = DisplayModel(language: .es)
        _ = model.receive(Demo.snapshot(waiting: [("B", 3, 590)]), office: Demo.office, at: Demo.nine)
        let line = model.screen(at: Demo.nine.addingTimeInterval(15)).services[1]
        #expect(line.waiting == "3")
        #expect(line.longestWait == "10 min")
        #expect(line.level == .amber)
        #expect(model.screen(at: Demo.nine).services[0].longestWait == "–")
    }

    @Test func waitsPastTheAlertAndTheTargetAreFlagged() {
        var model = DisplayModel(language: .es)
        var snapshot = Demo.snapshot(waiting: [("A", 4, 1000), ("B", 2, 800)])
        snapshot.services[0].pastAlert = 3
        snapshot.services[0].pastTarget = 2
        snapshot.services[1].pastAlert = 1
        _ = model.receive(snapshot, office: Demo.office, at: Demo.nine)
        let lines = model.screen(at: Demo.nine).services
        #expect(lines[0].alert == "⚠ 2 > 15 min" && lines[0].alertLevel == .red)
        #expect(lines[1].alert == "1 > 12 min" && lines[1].alertLevel == .amber)
        #expect(lines[2].alert == nil)
    }

    @Test func lostConnectionShowsABannerWithTheAgeAndFreezesTheWaits() {
        var model = DisplayModel(language: .es)
        _ = model.receive(Demo.snapshot(waiting: [("A", 2, 100)]), office: Demo.office, at: Demo.nine)
        model.fail("database is locked")
        let later = model.screen(at: Demo.nine.addingTimeInterval(42))
        #expect(later.banner == "Sin conexión con la cola — reintentando · datos de hace 42 s")
        #expect(later.services[0].longestWait == "1 min", "stale data is not shown as live")
        _ = model.receive(Demo.snapshot(), office: Demo.office, at: Demo.nine.addingTimeInterval(50))
        #expect(model.screen(at: Demo.nine.addingTimeInterval(50)).banner == nil)
    }

    @Test func beforeAnyDataTheBannerSaysSo() {
        let model = DisplayModel(language: .en)
        #expect(model.screen(at: Demo.nine).banner == "No connection to the queue — retrying")
    }

    @Test func redrawsEverySecondAndTwiceASecondWhileFlashing() {
        var model = DisplayModel(language: .es)
        let t = Demo.nine.addingTimeInterval(0.3)
        #expect(model.nextRedraw(after: t) == Demo.nine.addingTimeInterval(1))
        _ = model.receive(Demo.snapshot(), office: Demo.office, at: Demo.nine)
        _ = model.receive(Demo.snapshot(calls: [("C-001", "2", 0)]), office: Demo.office, at: Demo.nine)
        #expect(model.nextRedraw(after: t) == Demo.nine.addingTimeInterval(0.5))
    }

    @Test func theWallNeverShowsAName() {
        let screen = DisplayModel(language: .es).screen(at: Demo.nine)
        #expect(!String(describing: screen).contains("Rosa"))
        // Names are not even in the snapshot type the display reads.
        #expect(!String(describing: Demo.snapshot(calls: [("A-001", "1", 0)])).lowercased().contains("firstname"))
    }

    @Test func spokenNumbers() {
        #expect(SpokenCall.words(100, .es) == "cien")
        #expect(SpokenCall.words(121, .es) == "ciento veintiuno")
        #expect(SpokenCall.words(1000, .es) == "mil")
        #expect(SpokenCall.words(2045, .es) == "dos mil cuarenta y cinco")
        #expect(SpokenCall.words(999, .en) == "nine hundred ninety-nine")
        #expect(SpokenCall.text(number: TicketNumber(service: "D", sequence: 1000), deskLabel: "Ventanilla 12", language: .es) == "Turno D mil, ventanilla doce")
    }
}
