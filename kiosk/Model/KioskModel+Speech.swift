import AtiendeCore
import Foundation

/// What the kiosk says with read-aloud on: each screen as it appears, and each item
/// touched once before it acts (`KioskModel.tap`). The app hands the texts to espeak-ng.
extension KioskModel {
    mutating func say(_ words: String) { speech.append(words) }

    /// What a touch on `target` says before it acts.
    func spoken(_ target: Target, at now: Date) -> String? {
        let t = text
        let again = " " + t.touchAgainToChoose
        switch target {
        case .service(let code):
            guard let service = office?.service(code) else { return nil }
            return describe(service, at: now) + (isOpen(code, at: now) ? again : "")
        case .take(let preferential): return (preferential ? t.preferential + ": " + t.preferentialWho : t.normal) + "." + again
        case .back: return t.backWord + "." + again
        case .language(let choice): return KioskText(choice).languageName + "." + " " + KioskText(choice).touchAgainToChoose
        case .checkMyTurn: return t.checkMyTurn + "." + again
        case .key(let c): return c.isNumber ? SpokenCall.words(Int(String(c)) ?? 0, language) : String(c)
        case .erase: return t.erase + "." + again
        case .submit: return t.submit + "." + again
        case .largeText: return (largeText ? t.normalText : t.largerText) + "." + again
        case .page(let forward): return (forward ? t.nextPage : t.previousPage) + "." + again
        case .done: return t.done + "." + again
        case .moreTime: return t.moreTime + "." + again
        case .hearAgain: return t.hearAgain + "." + again
        case .listen, .anywhere: return nil
        }
    }

    /// A service as said aloud: its letter and name, what it is for, what to bring, and
    /// whether it is closed.
    private func describe(_ service: Service, at now: Date) -> String {
        let t = text
        let items = service.bring[language] ?? service.bring[.es] ?? []
        var words = [t.spokenService(service.code.rawValue, service.name[language]) + ".", service.description[language] + "."]
        if !items.isEmpty { words.append(t.bringTitle + " " + items.joined(separator: "; ") + ".") }
        if !isOpen(service.code, at: now) { words.append(t.closedNow + ".") }
        return words.joined(separator: " ")
    }

    /// Reads the current screen aloud (when read-aloud is on, or `always`).
    mutating func speakScreen(at now: Date, always: Bool = false) {
        guard listening || always else { return }
        let t = text
        switch screen {
        case .home:
            guard office != nil else { return }
            let home = homePage
            // How to use it first (it was said last, after about 60 words), then the services.
            var words = [greeting(at: now) + ".", t.howToListen]
            if let notice { words.append(notice.text[language].trimmingCharacters(in: .punctuationCharacters) + ".") }
            words.append(t.chooseService + ":")
            words += home.services.map { t.spokenService($0.code.rawValue, $0.name[language]) + "." }
            if home.pages > 1 { words.append(t.pageOf(home.page + 1, home.pages) + ".") }
            words.append(t.preferentialHint)
            say(words.joined(separator: " "))
        case .service(let code):
            guard let service = office?.service(code) else { return }
            say(describe(service, at: now) + " " + t.chooseHowServed)
        case .issuing: say(t.wait)
        case .ticket(let place, let printFailed):
            let number = place.ticket.number
            var words = [t.yourTicket + ": " + SpokenCall.number(number, language) + "."]
            if let name = office?.service(number.service)?.name[language] { words.append(name + ".") }
            words += [t.ahead(place.ahead) + ".", t.estimate(ahead: place.ahead, place.estimatedWaitMinutes) + ".", t.keep + "."]
            if printFailed { words.append(t.printFailed + ".") }
            words.append(t.ticketButtons)
            say(words.joined(separator: " "))
        case .check: say(t.checkMyTurn + ". " + t.typeNumber + ".")
        case .checkResult(let result):
            let (number, words) = t.result(result)
            say((TicketNumber(parsing: number).map { SpokenCall.number($0, language) } ?? number) + ". " + words + ".")
        case .unavailable: say(t.unavailable)
        case .staffExit: break
        }
    }
}
