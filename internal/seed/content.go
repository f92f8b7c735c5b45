package seed

import (
	"time"
	_ "time/tzdata" // Europe/Rome must resolve even where the system has no zoneinfo
)

// rome is the time zone of every date in the demo data.
var rome = mustLoadLocation("Europe/Rome")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("seed: cannot load time zone " + name + ": " + err.Error())
	}
	return loc
}

// day is midnight of the given calendar day in Europe/Rome.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, rome)
}

// at is the given wall-clock time in Europe/Rome.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, rome)
}

// Demo account e-mails.
const (
	emailOperator    = "operatore@gemella.test"
	emailTrainer     = "formatrice@gemella.test"
	emailCoordinator = "coordinatrice@gemella.test"
	emailModerator   = "moderatore@gemella.test"
	emailAdmin       = "admin@gemella.test"
)

// Regions are the Italian regions, Trentino-Alto Adige as its two autonomous provinces.
var Regions = []Region{
	{Code: "abruzzo", Name: "Abruzzo"},
	{Code: "basilicata", Name: "Basilicata"},
	{Code: "calabria", Name: "Calabria"},
	{Code: "campania", Name: "Campania"},
	{Code: "emilia-romagna", Name: "Emilia-Romagna"},
	{Code: "friuli-venezia-giulia", Name: "Friuli Venezia Giulia"},
	{Code: "lazio", Name: "Lazio"},
	{Code: "liguria", Name: "Liguria"},
	{Code: "lombardia", Name: "Lombardia"},
	{Code: "marche", Name: "Marche"},
	{Code: "molise", Name: "Molise"},
	{Code: "piemonte", Name: "Piemonte"},
	{Code: "provincia-autonoma-bolzano", Name: "Provincia autonoma di Bolzano"},
	{Code: "provincia-autonoma-trento", Name: "Provincia autonoma di Trento"},
	{Code: "puglia", Name: "Puglia"},
	{Code: "sardegna", Name: "Sardegna"},
	{Code: "sicilia", Name: "Sicilia"},
	{Code: "toscana", Name: "Toscana"},
	{Code: "umbria", Name: "Umbria"},
	{Code: "valle-d-aosta", Name: "Valle d'Aosta"},
	{Code: "veneto", Name: "Veneto"},
}

// ServiceAreas is the demo service taxonomy.
var ServiceAreas = []ServiceArea{
	{
		Slug:        "orientamento",
		Name:        "Orientamento",
		Description: "Ascolto della domanda delle famiglie e accompagnamento verso le risposte più adatte tra i servizi e le opportunità del territorio.",
	},
	{
		Slug:        "mediazione-familiare",
		Name:        "Mediazione familiare",
		Description: "Percorsi con un mediatore terzo per aiutare coppie e genitori in conflitto o in separazione a riorganizzare insieme le relazioni familiari.",
	},
	{
		Slug:        "famiglie-multiproblematiche",
		Name:        "Famiglie multiproblematiche",
		Description: "Interventi integrati, costruiti con la rete sociale e sanitaria, per nuclei che affrontano più difficoltà contemporaneamente.",
	},
	{
		Slug:        "sostegno-genitorialita",
		Name:        "Sostegno alla genitorialità",
		Description: "Consulenze, gruppi e incontri che rafforzano le competenze educative di madri e padri nelle diverse fasi di crescita dei figli.",
	},
	{
		Slug:        "promozione-benessere",
		Name:        "Promozione del benessere",
		Description: "Attività aperte a tutte le famiglie che favoriscono relazioni positive, salute e contesti di crescita accoglienti.",
	},
	{
		Slug:        "informazione-famiglie",
		Name:        "Informazione alle famiglie",
		Description: "Sportello e canali online con notizie aggiornate su misure di sostegno, bonus, servizi educativi e iniziative locali.",
	},
	{
		Slug:        "sostegno-coppia",
		Name:        "Sostegno alla coppia",
		Description: "Consulenze per coppie che attraversano momenti di crisi o di passaggio, prima che il conflitto diventi cronico.",
	},
	{
		Slug:        "auto-mutuo-aiuto",
		Name:        "Gruppi di auto mutuo aiuto",
		Description: "Gruppi in cui genitori e famiglie condividono esperienze e risorse, con la facilitazione di un operatore.",
	},
	{
		Slug:        "prima-infanzia",
		Name:        "Prima infanzia (0-6 anni)",
		Description: "Spazi di incontro e di gioco per bambini fino a sei anni insieme ai loro genitori, in raccordo con i servizi educativi e sanitari.",
	},
	{
		Slug:        "sviluppo-comunita",
		Name:        "Sviluppo di comunità",
		Description: "Iniziative che portano il Centro fuori dalla propria sede e coinvolgono associazioni, scuole e cittadini nella cura dei legami.",
	},
}

// Centers are the Centri per la Famiglia that appear in the seed documents.
var Centers = []Center{
	{
		Key:           "rimini",
		Name:          "Centro per le Famiglie di Rimini",
		Municipality:  "Rimini",
		RegionCode:    "emilia-romagna",
		PromotingBody: "Comune di Rimini",
		Services:      []string{"orientamento", "informazione-famiglie", "sostegno-genitorialita", "promozione-benessere"},
	},
	{
		Key:           "la-spezia",
		Name:          "Centro per le Famiglie della Spezia",
		Municipality:  "La Spezia",
		RegionCode:    "liguria",
		PromotingBody: "Comune della Spezia",
		Services:      []string{"orientamento", "informazione-famiglie", "sostegno-genitorialita"},
	},
	{
		Key:           "viggianello",
		Name:          "Centro per le Famiglie di Viggianello",
		Municipality:  "Viggianello",
		RegionCode:    "basilicata",
		PromotingBody: "Comune di Viggianello",
		Services:      []string{"orientamento", "informazione-famiglie", "sviluppo-comunita"},
	},
	{
		Key:           "colle-di-val-d-elsa",
		Name:          "Centro per le Famiglie di Colle di Val d'Elsa",
		Municipality:  "Colle di Val d'Elsa",
		RegionCode:    "toscana",
		PromotingBody: "Comune di Colle di Val d'Elsa",
		Services:      []string{"orientamento", "informazione-famiglie", "promozione-benessere"},
	},
	{
		Key:           "settimo-torinese",
		Name:          "Centro per le Famiglie di Settimo Torinese",
		Municipality:  "Settimo Torinese",
		RegionCode:    "piemonte",
		PromotingBody: "Comune di Settimo Torinese",
		Services:      []string{"mediazione-familiare", "sostegno-coppia", "sostegno-genitorialita", "auto-mutuo-aiuto"},
	},
	{
		Key:           "treviso",
		Name:          "Centro per le Famiglie di Treviso",
		Municipality:  "Treviso",
		RegionCode:    "veneto",
		PromotingBody: "Comune di Treviso",
		Services:      []string{"mediazione-familiare", "sostegno-genitorialita"},
	},
	{
		Key:           "montesilvano",
		Name:          "Centro per le Famiglie di Montesilvano",
		Municipality:  "Montesilvano",
		RegionCode:    "abruzzo",
		PromotingBody: "Comune di Montesilvano",
		Services:      []string{"mediazione-familiare", "sostegno-genitorialita", "informazione-famiglie"},
	},
	{
		Key:           "citta-di-castello",
		Name:          "Centro per le Famiglie di Città di Castello",
		Municipality:  "Città di Castello",
		RegionCode:    "umbria",
		PromotingBody: "Comune di Città di Castello",
		Services:      []string{"mediazione-familiare", "sostegno-coppia", "sostegno-genitorialita"},
	},
	{
		Key:           "todi",
		Name:          "Centro per le Famiglie di Todi",
		Municipality:  "Todi",
		RegionCode:    "umbria",
		PromotingBody: "Comune di Todi",
		Services:      []string{"mediazione-familiare", "sostegno-genitorialita"},
	},
	{
		Key:           "camerino",
		Name:          "Centro per le Famiglie di Camerino",
		Municipality:  "Camerino",
		RegionCode:    "marche",
		PromotingBody: "Comune di Camerino",
		Services:      []string{"mediazione-familiare", "sostegno-genitorialita", "sviluppo-comunita"},
	},
	{
		Key:           "bari-japigia",
		Name:          "Centro per le Famiglie di Bari – sede Japigia",
		Municipality:  "Bari",
		RegionCode:    "puglia",
		PromotingBody: "Comune di Bari",
		Services:      []string{"famiglie-multiproblematiche", "sostegno-genitorialita", "orientamento", "auto-mutuo-aiuto"},
	},
	{
		Key:           "bari-san-paolo",
		Name:          "Centro per le Famiglie di Bari – sede San Paolo",
		Municipality:  "Bari",
		RegionCode:    "puglia",
		PromotingBody: "Comune di Bari",
		Services:      []string{"famiglie-multiproblematiche", "sostegno-genitorialita", "sviluppo-comunita"},
	},
	{
		Key:           "elmas",
		Name:          "Centro per le Famiglie di Elmas",
		Municipality:  "Elmas",
		RegionCode:    "sardegna",
		PromotingBody: "Comune di Elmas",
		Services:      []string{"famiglie-multiproblematiche", "sostegno-genitorialita", "informazione-famiglie"},
	},
	{
		Key:           "reggio-calabria",
		Name:          "Centro per le Famiglie di Reggio Calabria",
		Municipality:  "Reggio Calabria",
		RegionCode:    "calabria",
		PromotingBody: "Comune di Reggio Calabria",
		Services:      []string{"famiglie-multiproblematiche", "sostegno-genitorialita", "orientamento"},
	},
	{
		Key:           "rivoli",
		Name:          "Centro per le Famiglie di Rivoli",
		Municipality:  "Rivoli",
		RegionCode:    "piemonte",
		PromotingBody: "Comune di Rivoli",
		Services:      []string{"sostegno-genitorialita", "prima-infanzia", "promozione-benessere"},
	},
	{
		Key:           "borgomanero",
		Name:          "Centro per le Famiglie di Borgomanero",
		Municipality:  "Borgomanero",
		RegionCode:    "piemonte",
		PromotingBody: "Consorzio C.I.S.S. di Borgomanero",
		Services:      []string{"sostegno-genitorialita", "prima-infanzia", "informazione-famiglie"},
	},
}

// visitSchema is the common outline every twinning visit followed.
var visitSchema = []string{
	"Governance",
	"Contesto organizzativo del Centro",
	"Servizi offerti",
	"Focus sul servizio",
}

// Twinnings are the three gemellaggi of the national programme.
var Twinnings = []Twinning{
	{
		Key:   "gemellaggio-orientamento",
		Title: "Gemellaggio sul servizio di orientamento",
		Summary: "Il **Centro per le Famiglie di Rimini**, forte di un servizio di orientamento collaudato, " +
			"ha accompagnato i Centri di La Spezia, Viggianello e Colle di Val d'Elsa nel provare lo stesso servizio nei loro territori. " +
			"Lo scambio è passato da un incontro in presenza a Rimini, da visite costruite su uno schema comune e da laboratori tematici online. " +
			"Il risultato è una relazione finale con indicazioni operative per chi vuole avviare o rafforzare uno sportello di orientamento.",
		ServiceAreaSlug:      "orientamento",
		LeadCenterKey:        "rimini",
		LeadRegionCode:       "emilia-romagna",
		ReceivingCenterKeys:  []string{"la-spezia", "viggianello", "colle-di-val-d-elsa"},
		Members:              map[string]string{emailTrainer: "LEAD", emailOperator: "RECEIVING"},
		ReceivingRegionCodes: []string{"liguria", "basilicata", "toscana"},
		Phases: []Phase{
			{
				Kind:     "LETTER_OF_INTENT",
				StartsOn: day(2022, time.December, 15),
				Note:     "Data indicativa: la lettera di intenti tra Dipartimento e Regioni è stata firmata tra la fine del 2022 e i primi mesi del 2023.",
			},
			{
				Kind:     "OPERATIONAL_PROJECT",
				StartsOn: day(2023, time.February, 1),
				EndsOn:   day(2023, time.June, 26),
				Note:     "Periodo indicativo: il progetto operativo è stato condiviso con le Regioni prima dell'avvio delle attività.",
			},
			{
				Kind:     "EXPERIMENTATION",
				StartsOn: day(2023, time.June, 27),
				EndsOn:   day(2023, time.September, 30),
				Note:     "La sperimentazione si apre con l'incontro di Rimini di fine giugno 2023 e prosegue con visite e laboratori online fino a settembre.",
			},
			{
				Kind:     "CONCLUDED",
				StartsOn: day(2023, time.September, 30),
				Note:     "Attività concluse entro settembre 2023; segue la stesura della relazione finale con le linee guida.",
			},
		},
		Events: []Event{
			{
				Title:    "Incontro informativo-formativo sull'orientamento",
				StartsAt: at(2023, time.June, 27, 9, 30),
				EndsAt:   at(2023, time.June, 28, 13, 0),
				Place:    "Rimini, Centro per le Famiglie",
			},
		},
		VisitSchema: visitSchema,
	},
	{
		Key:   "gemellaggio-mediazione-familiare",
		Title: "Gemellaggio sul servizio di mediazione familiare",
		Summary: "Il **Centro per le Famiglie di Settimo Torinese**, all'interno del sistema piemontese dei Centri, " +
			"ha messo a disposizione il proprio metodo di mediazione familiare ai Centri di Treviso, Montesilvano, Città di Castello, Todi e Camerino. " +
			"Dopo l'incontro di Torino di luglio 2023, i gruppi hanno lavorato su visite e laboratori tematici, confrontando organizzazione, équipe e rapporti con la rete.",
		ServiceAreaSlug:      "mediazione-familiare",
		LeadCenterKey:        "settimo-torinese",
		LeadRegionCode:       "piemonte",
		ReceivingCenterKeys:  []string{"treviso", "montesilvano", "citta-di-castello", "todi", "camerino"},
		Members:              map[string]string{emailCoordinator: "COORDINATOR"},
		ReceivingRegionCodes: []string{"veneto", "abruzzo", "umbria", "marche"},
		Phases: []Phase{
			{
				Kind:     "LETTER_OF_INTENT",
				StartsOn: day(2023, time.January, 20),
				Note:     "Data indicativa: firma della lettera di intenti collocata tra fine 2022 e inizio 2023.",
			},
			{
				Kind:     "OPERATIONAL_PROJECT",
				StartsOn: day(2023, time.March, 1),
				EndsOn:   day(2023, time.July, 9),
				Note:     "Periodo indicativo di stesura e condivisione del progetto operativo con le cinque Regioni coinvolte.",
			},
			{
				Kind:     "EXPERIMENTATION",
				StartsOn: day(2023, time.July, 10),
				EndsOn:   day(2023, time.September, 30),
				Note:     "Il programma di sperimentazione parte a fine giugno 2023; per questo gruppo il primo incontro in presenza si tiene a Torino il 10 e 11 luglio.",
			},
			{
				Kind:     "CONCLUDED",
				StartsOn: day(2023, time.September, 30),
				Note:     "Attività concluse entro settembre 2023, con una relazione conclusiva pensata come linee guida.",
			},
		},
		Events: []Event{
			{
				Title:    "Incontro informativo-formativo sulla mediazione familiare",
				StartsAt: at(2023, time.July, 10, 9, 30),
				EndsAt:   at(2023, time.July, 11, 13, 0),
				Place:    "Torino",
			},
		},
		VisitSchema: visitSchema,
	},
	{
		Key:   "gemellaggio-famiglie-multiproblematiche",
		Title: "Gemellaggio su servizi e interventi complessi per famiglie multiproblematiche",
		Summary: "Il **Centro per le Famiglie di Bari**, con le sedi di Japigia e San Paolo, ha condiviso con i Centri di Elmas e Reggio Calabria " +
			"il proprio modo di lavorare con nuclei che affrontano più difficoltà insieme. " +
			"Il confronto, avviato con l'incontro di Bari di fine giugno 2023, si è concentrato sul lavoro in équipe e sul raccordo con servizi sociali e sanitari.",
		ServiceAreaSlug:      "famiglie-multiproblematiche",
		LeadCenterKey:        "bari-japigia",
		LeadRegionCode:       "puglia",
		ReceivingCenterKeys:  []string{"elmas", "reggio-calabria"},
		ReceivingRegionCodes: []string{"sardegna", "calabria"},
		Phases: []Phase{
			{
				Kind:     "LETTER_OF_INTENT",
				StartsOn: day(2023, time.February, 10),
				Note:     "Data indicativa: lettera di intenti firmata tra la fine del 2022 e l'inizio del 2023. Il Centro cedente opera con due sedi, Japigia e San Paolo.",
			},
			{
				Kind:     "OPERATIONAL_PROJECT",
				StartsOn: day(2023, time.March, 15),
				EndsOn:   day(2023, time.June, 27),
				Note:     "Periodo indicativo di condivisione del progetto operativo con Puglia, Sardegna e Calabria.",
			},
			{
				Kind:     "EXPERIMENTATION",
				StartsOn: day(2023, time.June, 28),
				EndsOn:   day(2023, time.September, 30),
				Note:     "Sperimentazione avviata con l'incontro di Bari di fine giugno 2023 e proseguita con visite e laboratori online.",
			},
			{
				Kind:     "CONCLUDED",
				StartsOn: day(2023, time.September, 30),
				Note:     "Attività concluse entro settembre 2023; la relazione finale raccoglie esiti e spunti per proseguire.",
			},
		},
		Events: []Event{
			{
				Title:    "Incontro informativo-formativo sulle famiglie multiproblematiche",
				StartsAt: at(2023, time.June, 28, 9, 30),
				EndsAt:   at(2023, time.June, 29, 13, 0),
				Place:    "Bari, Centro per le Famiglie (sede Japigia)",
			},
		},
		VisitSchema: visitSchema,
	},
}

// Users are the demo accounts; their password comes from GEMELLA_DEMO_PASSWORD.
var Users = []User{
	{
		Email:       emailOperator,
		DisplayName: "Operatrice CpF La Spezia",
		Roles:       []string{"OPERATOR"},
		CenterKey:   "la-spezia",
		RegionCode:  "liguria",
	},
	{
		Email:       emailTrainer,
		DisplayName: "Formatrice CpF Rimini",
		Roles:       []string{"TRAINER"},
		CenterKey:   "rimini",
		RegionCode:  "emilia-romagna",
	},
	{
		Email:       emailCoordinator,
		DisplayName: "Coordinatrice regionale Piemonte",
		Roles:       []string{"REGIONAL_COORDINATOR"},
		CenterKey:   "settimo-torinese",
		RegionCode:  "piemonte",
	},
	{
		Email:       emailModerator,
		DisplayName: "Moderazione Gemella",
		Roles:       []string{"MODERATOR"},
	},
	{
		Email:       emailAdmin,
		DisplayName: "Amministrazione Gemella",
		Roles:       []string{"ADMIN"},
	},
}

// Questions are demo questions with their answers.
var Questions = []Question{
	{
		AuthorEmail: emailOperator,
		Title:       "Come organizzare uno sportello informativo di primo contatto per le famiglie?",
		Body: "Nel nostro Centro stiamo avviando il servizio di orientamento dopo il gemellaggio e vorremmo aprire uno **sportello informativo**. " +
			"Abbiamo poco personale e una sede condivisa con altri uffici comunali. " +
			"Quanti giorni di apertura servono per partire, e come distinguete la semplice informazione dalla richiesta che merita un colloquio?",
		Tags:            []string{"accoglienza", "orientamento", "sportello"},
		ServiceAreaSlug: "orientamento",
		RegionCode:      "liguria",
		Answers: []Answer{
			{
				AuthorEmail: emailTrainer,
				Body: "Da noi ha funzionato partire con due aperture fisse a settimana, una di mattina e una di pomeriggio, più un canale telefonico su appuntamento. " +
					"Per distinguere le richieste usiamo una scheda di primo contatto molto breve:\n\n" +
					"- se basta un'informazione verificata, si chiude subito;\n" +
					"- se emergono più bisogni insieme, si propone un **primo colloquio** entro una settimana;\n" +
					"- se la richiesta riguarda un altro servizio, si prende contatto con il referente prima di inviare la famiglia.\n\n" +
					"La regolarità degli orari conta più della loro ampiezza.",
			},
			{
				AuthorEmail: emailCoordinator,
				Body: "Aggiungo un suggerimento dal lato regionale: fate conoscere lo sportello a scuole, pediatri e servizi sociali prima dell'apertura. " +
					"Molte famiglie arrivano perché qualcuno di fiducia le ha indirizzate.",
			},
		},
		AcceptedAnswer: 0,
	},
	{
		AuthorEmail: emailOperator,
		Title:       "Mediazione familiare con genitori separati: come strutturare i primi incontri?",
		Body: "Stiamo valutando di introdurre la **mediazione familiare** nel nostro Centro. " +
			"Come organizzate il primo colloquio informativo con i due genitori, e li incontrate insieme o separatamente? " +
			"Ci interessa anche capire quando ritenete che la mediazione non sia indicata.",
		Tags:            []string{"mediazione", "separazione", "genitorialita"},
		ServiceAreaSlug: "mediazione-familiare",
		RegionCode:      "liguria",
		Answers: []Answer{
			{
				AuthorEmail: emailCoordinator,
				Body: "Nei Centri piemontesi la sequenza più diffusa è questa:\n\n" +
					"1. un colloquio informativo, spesso individuale, in cui si spiega che cos'è la mediazione e si verifica che la scelta sia libera;\n" +
					"2. un incontro congiunto per concordare obiettivi e regole;\n" +
					"3. un ciclo di sessioni congiunte, di solito tra sei e dieci, a cadenza quindicinale.\n\n" +
					"La mediazione **non va proposta** quando emergono segnali di violenza o di forte squilibrio di potere tra i genitori: in quei casi si attivano i servizi competenti.",
			},
			{
				AuthorEmail: emailTrainer,
				Body:        "Confermo l'importanza del primo incontro separato: permette a ciascun genitore di parlare liberamente e al mediatore di valutare se ci sono le condizioni per proseguire.",
			},
		},
		AcceptedAnswer: 0,
	},
	{
		AuthorEmail: emailTrainer,
		Title:       "Come coordinare un caso complesso tra Centro per le Famiglie, servizi sociali e servizi sanitari?",
		Body: "Durante i laboratori del gemellaggio è emersa spesso la stessa difficoltà: quando una famiglia affronta più problemi insieme, ogni servizio lavora sul proprio pezzo. " +
			"Chi dovrebbe tenere le fila del progetto? " +
			"E come si condividono le informazioni rispettando la riservatezza?",
		Tags:            []string{"rete-servizi", "multiproblematicita", "equipe"},
		ServiceAreaSlug: "famiglie-multiproblematiche",
		RegionCode:      "emilia-romagna",
		Answers: []Answer{
			{
				AuthorEmail: emailCoordinator,
				Body: "Serve un **referente unico del caso**, concordato tra i servizi, che convoca le riunioni di rete e aggiorna il progetto personalizzato. " +
					"Il Centro per le Famiglie spesso non è il titolare della presa in carico, ma può offrire sostegno educativo e occasioni di gruppo. " +
					"Per le informazioni: consenso scritto della famiglia, condivisione limitata a ciò che serve e un verbale sintetico a ogni incontro.",
			},
			{
				AuthorEmail: emailOperator,
				Body:        "Da noi è stato utile fissare un calendario di incontri di rete ogni due mesi, anche quando non ci sono urgenze: così ci si conosce prima che la situazione diventi critica.",
			},
		},
		AcceptedAnswer: 0,
	},
	{
		AuthorEmail: emailCoordinator,
		Title:       "Quali indicatori usate per misurare gli esiti dei servizi del Centro?",
		Body: "A livello regionale stiamo rivedendo il sistema di monitoraggio dei Centri. " +
			"Contare gli accessi è facile, ma vorremmo capire anche che cosa cambia per le famiglie. " +
			"Avete esempi di **indicatori di esito** semplici da raccogliere?",
		Tags:            []string{"valutazione", "monitoraggio"},
		ServiceAreaSlug: "promozione-benessere",
		RegionCode:      "piemonte",
		Answers: []Answer{
			{
				AuthorEmail: emailTrainer,
				Body: "Noi teniamo separati tre gruppi di indicatori:\n\n" +
					"- **attività**: contatti, colloqui, partecipanti ai gruppi;\n" +
					"- **esito**: invii andati a buon fine, percorsi conclusi, famiglie che tornano per altre attività;\n" +
					"- **qualità percepita**: un questionario anonimo di cinque domande a fine percorso.\n\n" +
					"Pochi dati, ma raccolti sempre allo stesso modo.",
			},
			{
				AuthorEmail: emailModerator,
				Body:        "Se vi va, potete pubblicare i vostri strumenti come buona pratica: così altri Centri possono riusarli e commentarli.",
			},
		},
		AcceptedAnswer: -1,
	},
	{
		AuthorEmail: emailCoordinator,
		Title:       "Laboratori tematici online: come mantenere viva la partecipazione degli operatori?",
		Body: "Nel gemellaggio abbiamo alternato incontri in presenza e laboratori online. " +
			"I secondi sono comodi per chi viene da lontano, ma dopo la prima ora l'attenzione cala. " +
			"Che formato usate per i laboratori online con operatori di regioni diverse?",
		Tags:            []string{"formazione", "laboratori-online", "gemellaggio"},
		ServiceAreaSlug: "sostegno-genitorialita",
		RegionCode:      "piemonte",
		Answers: []Answer{
			{
				AuthorEmail: emailTrainer,
				Body: "Sessioni di novanta minuti al massimo, con una breve introduzione e subito lavoro in piccoli gruppi su un caso simulato. " +
					"I materiali vanno inviati qualche giorno prima, così l'incontro serve per discutere e non per ascoltare.",
			},
			{
				AuthorEmail: emailOperator,
				Body:        "Per noi riceventi è stato prezioso avere a fine sessione cinque minuti per annotare che cosa avremmo provato a cambiare nel nostro Centro.",
			},
			{
				AuthorEmail: emailModerator,
				Body:        "Ricordo che la piattaforma permette di allegare i materiali direttamente al laboratorio e di aprire una discussione collegata.",
			},
		},
		AcceptedAnswer: 1,
	},
	{
		AuthorEmail: emailTrainer,
		Title:       "Come preparare una visita di scambio seguendo lo schema comune del gemellaggio?",
		Body: "Dobbiamo ospitare una nuova visita di Centri riceventi. " +
			"Lo schema comune prevede governance, contesto organizzativo, servizi offerti e focus sul servizio. " +
			"Come distribuite il tempo tra queste parti, e quali materiali preparate prima?",
		Tags:            []string{"gemellaggio", "visite", "formazione"},
		ServiceAreaSlug: "orientamento",
		RegionCode:      "emilia-romagna",
		Answers: []Answer{
			{
				AuthorEmail: emailCoordinator,
				Body: "Dedicherei la prima mezza giornata a governance e contesto organizzativo, con la presenza di chi rappresenta l'ente promotore. " +
					"Il resto del tempo va al focus sul servizio: vedere lo sportello o una sessione di gruppo dal vivo vale più di molte slide.",
			},
			{
				AuthorEmail: emailOperator,
				Body:        "Da ricevente: ci sarebbe servita una scheda di due pagine sul Centro ospitante da leggere prima, con organigramma e orari.",
			},
		},
		AcceptedAnswer: -1,
	},
	{
		AuthorEmail: emailOperator,
		Title:       "Dopo la fine del gemellaggio, come mantenere il confronto con il Centro cedente?",
		Body: "La sperimentazione si è chiusa, ma ci sono ancora molte domande aperte sul servizio. " +
			"Qualcuno ha trovato un modo sostenibile per continuare lo scambio tra Centri di regioni diverse?",
		Tags:            []string{"gemellaggio", "rete-servizi"},
		ServiceAreaSlug: "orientamento",
		RegionCode:      "liguria",
		AcceptedAnswer:  -1,
	},
	{
		AuthorEmail: emailCoordinator,
		Title:       "Gruppi di auto mutuo aiuto per genitori in un piccolo comune: da dove partire?",
		Body: "Un Centro della nostra rete vorrebbe avviare un gruppo per genitori con figli piccoli in un comune di poche migliaia di abitanti. " +
			"Meglio un ciclo breve su temi definiti o un gruppo aperto e continuativo? " +
			"E come si trova la prima decina di partecipanti?",
		Tags:            []string{"genitorialita", "auto-mutuo-aiuto", "comunita"},
		ServiceAreaSlug: "auto-mutuo-aiuto",
		RegionCode:      "piemonte",
		Answers: []Answer{
			{
				AuthorEmail: emailOperator,
				Body: "Noi siamo partiti con un ciclo di tre incontri il sabato mattina, con uno spazio gioco parallelo per i bambini. " +
					"Chi ha partecipato ha poi chiesto di continuare, e da lì è nato il gruppo stabile.",
			},
			{
				AuthorEmail: emailTrainer,
				Body: "Per trovare i partecipanti conviene passare da nidi, scuole dell'infanzia e ambulatori pediatrici. " +
					"Un ciclo breve con un tema concreto, per esempio regole e autonomia, abbassa la soglia di ingresso.",
			},
		},
		AcceptedAnswer: 1,
	},
}

// Guidelines are demo good-practice guideline documents, one per twinning.
var Guidelines = []Guideline{
	{
		Key:             "linee-guida-orientamento",
		Title:           "Linee guida per il servizio di orientamento alle famiglie",
		ServiceAreaSlug: "orientamento",
		TwinningKey:     "gemellaggio-orientamento",
		RegionCodes:     []string{"emilia-romagna", "liguria", "basilicata", "toscana"},
		Year:            2023,
		Body:            guidelineOrientamento,
	},
	{
		Key:             "linee-guida-mediazione-familiare",
		Title:           "Linee guida per il servizio di mediazione familiare",
		ServiceAreaSlug: "mediazione-familiare",
		TwinningKey:     "gemellaggio-mediazione-familiare",
		RegionCodes:     []string{"piemonte", "veneto", "abruzzo", "umbria", "marche"},
		Year:            2023,
		Body:            guidelineMediazione,
	},
	{
		Key:             "linee-guida-famiglie-multiproblematiche",
		Title:           "Linee guida per gli interventi con famiglie multiproblematiche",
		ServiceAreaSlug: "famiglie-multiproblematiche",
		TwinningKey:     "gemellaggio-famiglie-multiproblematiche",
		RegionCodes:     []string{"puglia", "sardegna", "calabria"},
		Year:            2024,
		Body:            guidelineMultiproblematiche,
	},
}

const guidelineOrientamento = `# Linee guida per il servizio di orientamento alle famiglie

*Documento dimostrativo costruito a partire dal gemellaggio sull'orientamento tra il Centro per le Famiglie di Rimini (Emilia-Romagna) e i CpF di La Spezia (Liguria), Viggianello (Basilicata) e Colle di Val d'Elsa (Toscana).*

## 1. Contesto e governance

### 1.1 Perché un gemellaggio sull'orientamento

Il gemellaggio nasce dentro il progetto nazionale di supporto ai Centri per la Famiglia, coordinato dal Dipartimento per le politiche della famiglia e sostenuto dal Fondo Sociale Europeo (PON Inclusione 2014–2020). L'idea è semplice: un Centro che gestisce da tempo e con buoni risultati un servizio mette a disposizione il proprio metodo, e altri Centri, in regioni diverse, provano ad adattarlo alla loro realtà. Per l'orientamento il ruolo di Centro cedente è stato affidato a Rimini; La Spezia, Viggianello e Colle di Val d'Elsa hanno partecipato come Centri riceventi.

Il percorso ha attraversato quattro tappe: una lettera di intenti tra Dipartimento e Regioni, firmata a cavallo tra la fine del 2022 e i primi mesi del 2023; la stesura condivisa di un progetto operativo; la sperimentazione, aperta dall'incontro di Rimini del 27 e 28 giugno 2023; la chiusura delle attività entro settembre 2023. Le visite tra Centri hanno seguito uno schema comune in quattro punti: governance, contesto organizzativo, servizi offerti e approfondimento sul servizio.

### 1.2 Ruoli di Regione, ente promotore e Centro

L'orientamento funziona solo se la sua collocazione istituzionale è chiara. Nei territori coinvolti il Centro è promosso dal Comune, da solo o in forma associata, e si inserisce nella programmazione sociale regionale. Si raccomanda che:

1. la Regione definisca un quadro comune (finalità, funzioni minime, standard di apertura) e ne segua l'attuazione con un tavolo di coordinamento dei Centri;
2. l'ente promotore nomini un referente del servizio e garantisca continuità di personale e di sede;
3. il Centro formalizzi, con accordi o protocolli, i rapporti con servizi sociali, consultori familiari, scuole, servizi per il lavoro e Terzo Settore.

## 2. Organizzazione del servizio

### 2.1 Accoglienza e primo contatto

Per molte famiglie il primo contatto con il CpF nasce da una domanda pratica: un bonus, un posto al nido, un'attività per i figli. È proprio in quel momento che si costruisce la fiducia. L'accoglienza va quindi curata quanto il resto del servizio: orari stabili e ben comunicati, almeno una fascia pomeridiana, possibilità di contatto telefonico, scritto e su appuntamento, ambienti riservati e accessibili anche a chi arriva con bambini piccoli.

Chi accoglie ascolta la richiesta così come viene presentata, la annota in forma sintetica senza raccogliere dati non necessari e valuta se basti un'informazione o serva un approfondimento.

### 2.2 Lo sportello informativo

Lo sportello informativo è la porta visibile del servizio di orientamento. Nel modello condiviso durante il gemellaggio lo sportello:

- raccoglie e aggiorna con regolarità le notizie su misure, servizi e opportunità per le famiglie del territorio (sostegni economici, servizi educativi 0–6, tempo libero, servizi sociosanitari);
- offre informazioni di primo livello in presenza, al telefono e online;
- presenta le iniziative del Centro, come gruppi per genitori e laboratori;
- fa da antenna dei bisogni, perché le domande ricorrenti segnalano dove il territorio è scoperto.

Nei Centri più piccoli, come quello di Viggianello, lo sportello può aprire a giorni alterni o in forma itinerante, appoggiandosi a biblioteche, scuole e sedi comunali delle frazioni: contano la regolarità e la riconoscibilità, non la quantità di ore.

### 2.3 Il primo colloquio di orientamento

Quando la domanda è complessa o tocca più bisogni, l'operatore propone un primo colloquio su appuntamento. Il primo colloquio ha tre scopi: capire la situazione dal punto di vista della famiglia, individuare insieme le priorità e concordare i passi successivi. La durata indicativa è di 45–60 minuti. È utile una traccia comune, non un questionario rigido, che tocchi la composizione del nucleo, le risorse già attive, le richieste esplicite e i bisogni che emergono durante il dialogo.

Alla fine del colloquio la famiglia dovrebbe uscire con qualcosa di concreto: un'informazione verificata, un contatto diretto, un appuntamento già fissato o la proposta di un'attività del Centro.

### 2.4 Accompagnamento e invio nella rete dei servizi

Orientare non significa consegnare un recapito e salutare. L'invio funziona quando il Centro conosce di persona i referenti degli altri servizi e può, con il consenso della famiglia, prendere contatto per preparare l'accesso. Per questo si suggerisce di tenere una mappa aggiornata della rete dei servizi, con referenti, modalità di accesso e tempi di attesa, e di verificare dopo qualche settimana se l'invio è andato a buon fine.

## 3. Competenze ed équipe

Il servizio richiede operatori capaci di ascolto, con una conoscenza approfondita delle risorse locali e abituati a lavorare in rete. L'esperienza del gemellaggio suggerisce:

- un'équipe stabile, con almeno una figura dedicata all'accoglienza e una con profilo psico-sociale per i colloqui più delicati;
- momenti periodici di supervisione e di aggiornamento sulle misure per le famiglie;
- scambi con Centri di altre regioni, anche tramite laboratori tematici online, per confrontare strumenti e soluzioni.

Durante le visite il confronto diretto tra operatori ha mostrato che molte difficoltà sono comuni e che le soluzioni si trasferiscono meglio quando si osserva il servizio mentre funziona, invece di leggerne soltanto la descrizione.

## 4. Strumenti, monitoraggio e valutazione

### 4.1 Strumenti minimi

Ogni Centro dovrebbe disporre di una scheda di primo contatto, di una traccia per il primo colloquio, di un repertorio aggiornato delle risorse, di un registro degli invii e di una breve informativa sul trattamento dei dati. Gli strumenti vanno condivisi nell'équipe e rivisti almeno una volta l'anno.

### 4.2 Indicatori

Per valutare l'orientamento conviene combinare indicatori di attività (numero di contatti, canali usati, tipo di richieste), di esito (invii completati, famiglie che tornano per altre attività) e di qualità percepita (brevi questionari anonimi). I dati vanno discussi in équipe e riportati al tavolo regionale, così da orientare anche la programmazione.

## 5. Raccomandazioni

1. **Rendere riconoscibile il servizio**: un nome chiaro, orari stabili e una comunicazione semplice, senza gergo tecnico.
2. **Curare il primo contatto**: è l'ingresso di tutto il Centro per le Famiglie, non solo dell'orientamento.
3. **Investire nella rete**: accordi formali e conoscenza personale dei referenti valgono più di qualsiasi elenco.
4. **Adattare il modello al territorio**: nei piccoli Comuni e nelle aree interne servono formule flessibili e itineranti.
5. **Documentare e valutare**: pochi indicatori, raccolti con costanza, bastano per migliorare.
6. **Dare continuità al gemellaggio**: mantenere i contatti tra Centro cedente e Centri riceventi anche dopo la sperimentazione, per esempio con incontri online a cadenza regolare.
`

const guidelineMediazione = `# Linee guida per il servizio di mediazione familiare

*Documento dimostrativo costruito a partire dal gemellaggio sulla mediazione familiare tra il Centro per le Famiglie di Settimo Torinese (Piemonte) e i CpF di Treviso (Veneto), Montesilvano (Abruzzo), Città di Castello e Todi (Umbria) e Camerino (Marche).*

## 1. Contesto e governance

### 1.1 Il sistema piemontese dei Centri

In Piemonte i Centri per le Famiglie fanno capo a enti gestori molto diversi tra loro: singoli Comuni, consorzi, unioni di Comuni, aziende sanitarie. Il quadro regionale li colloca tra i servizi di promozione e prevenzione, vicini ma distinti dai servizi che si occupano di tutela e di presa in carico delle fragilità già conclamate. Le funzioni dei Centri si leggono su tre livelli: promozione del benessere, prevenzione primaria e prevenzione secondaria. La mediazione familiare appartiene al terzo livello, accanto al sostegno alla genitorialità e alle consulenze.

Dal 2015 un tavolo regionale di coordinamento permette ai Centri di confrontare metodi e strumenti, di organizzare formazione comune e di costruire un sistema condiviso di monitoraggio. È questa infrastruttura a rendere possibile, per Settimo Torinese, il ruolo di Centro cedente.

### 1.2 Il percorso di gemellaggio

Il gemellaggio sulla mediazione ha coinvolto cinque Regioni. Dopo la lettera di intenti, firmata tra la fine del 2022 e l'inizio del 2023, e la condivisione del progetto operativo, la sperimentazione si è aperta con l'incontro informativo-formativo di Torino del 10 e 11 luglio 2023 ed è proseguita con visite e laboratori tematici online fino a settembre 2023. Le visite hanno seguito lo schema comune: governance, contesto organizzativo, servizi offerti e approfondimento sul servizio.

I Centri riceventi partivano da situazioni differenti: alcuni avevano già sperimentato forme di consulenza alla coppia e cercavano un modello più strutturato, altri dovevano costruire il servizio quasi da zero. Per questo le indicazioni che seguono distinguono ciò che è essenziale da ciò che può essere introdotto gradualmente.

## 2. Organizzazione del servizio

### 2.1 Accoglienza e primo contatto

La richiesta di mediazione arriva di solito da uno dei due genitori, spesso in un momento di forte tensione. Il primo contatto serve a raccogliere la domanda, spiegare in poche parole che cosa offre il servizio e fissare un appuntamento. È importante chiarire subito tre punti: la mediazione è volontaria, è riservata e non sostituisce né il percorso legale né un eventuale sostegno psicologico.

### 2.2 Il primo colloquio

Il primo colloquio ha carattere informativo e di valutazione. Di norma si incontra ciascun genitore separatamente, per permettere a entrambi di esprimersi con libertà. Il mediatore verifica:

- che la scelta di intraprendere il percorso sia libera e non imposta;
- che non vi siano segnali di violenza domestica o di grave squilibrio di potere, condizioni in cui la mediazione **non è indicata** e occorre orientare verso i servizi specializzati;
- che entrambi i genitori siano disponibili a un confronto centrato sui figli.

Se le condizioni ci sono, si passa a un incontro congiunto in cui si concordano obiettivi, regole e calendario.

### 2.3 Il percorso di mediazione

Il percorso prevede in genere da sei a dieci incontri congiunti di circa novanta minuti, a cadenza quindicinale. Il mediatore, terzo e imparziale, aiuta i genitori a riorganizzare le relazioni dopo la separazione: tempi di cura, decisioni sull'educazione, comunicazione quotidiana, gestione delle occasioni speciali. Gli accordi raggiunti vengono riassunti in un documento che resta ai genitori e che essi possono, se lo desiderano, condividere con i propri legali.

### 2.4 Gruppi di parola e sostegno alla genitorialità

L'esperienza piemontese affianca alla mediazione i gruppi di parola per figli di genitori separati: piccoli gruppi di bambini o ragazzi che, con un conduttore formato, trovano uno spazio per dare nome a ciò che vivono. Il Centro può inoltre proporre percorsi di gruppo sulla genitorialità dopo la separazione, con un approccio che parte dalle risorse delle famiglie più che dalle loro mancanze.

## 3. Équipe, competenze e formazione

La mediazione richiede professionisti con una formazione specifica e riconosciuta. Nell'esperienza del gemellaggio si è rivelata utile un'équipe multidisciplinare in cui mediatori, psicologi, assistenti sociali ed educatori condividono casi e strumenti, pur mantenendo ruoli distinti. Si raccomandano:

1. supervisione periodica dei mediatori, anche esterna;
2. un linguaggio comune tra le professioni, comprensibile anche alle famiglie;
3. formazione congiunta con gli altri servizi del territorio, per evitare invii impropri;
4. stabilità del personale, perché il servizio si regge sulla fiducia costruita nel tempo.

## 4. Rete dei servizi, monitoraggio e valutazione

### 4.1 Rapporti con la rete

Il servizio funziona se la rete dei servizi lo conosce e lo usa correttamente. Vanno curati in particolare i rapporti con consultori familiari, servizi sociali, scuole, ordini professionali degli avvocati e uffici giudiziari del territorio. Un breve protocollo che descriva chi può inviare, con quali modalità e in quali casi la mediazione è esclusa riduce malintesi e attese.

### 4.2 Monitoraggio

Tra gli indicatori suggeriti: numero di richieste e di primi colloqui, percorsi avviati e conclusi, accordi raggiunti, tempi di attesa, gradimento raccolto in forma anonima. I dati vanno letti in équipe e, a livello regionale, nel tavolo di coordinamento, così che ogni Centro possa confrontarsi con gli altri senza logiche di graduatoria.

## 5. Raccomandazioni

1. **Tutelare la volontarietà**: nessuna famiglia deve sentirsi obbligata a intraprendere la mediazione familiare.
2. **Valutare sempre l'idoneità**: il primo colloquio separato è il momento in cui escludere le situazioni di violenza.
3. **Mettere i figli al centro**: ogni accordo va letto a partire dal loro benessere.
4. **Integrare mediazione e genitorialità**: gruppi di parola e percorsi per genitori rafforzano gli esiti.
5. **Curare la rete**: protocolli semplici con consultori, servizi sociali e professionisti legali.
6. **Proseguire lo scambio**: i Centri di Treviso, Montesilvano, Città di Castello, Todi e Camerino possono continuare a confrontarsi con Settimo Torinese attraverso incontri online periodici.
`

const guidelineMultiproblematiche = `# Linee guida per gli interventi con famiglie multiproblematiche

*Documento dimostrativo costruito a partire dal gemellaggio su servizi e interventi complessi per famiglie multiproblematiche tra il Centro per le Famiglie di Bari (sedi Japigia e San Paolo, Puglia) e i CpF di Elmas (Sardegna) e Reggio Calabria (Calabria).*

## 1. Contesto e governance

### 1.1 Le finalità del progetto nazionale

Il progetto nazionale di supporto ai Centri per la Famiglia si propone di far nascere Centri dove mancano, di dare impulso a quelli ancora fragili e di consolidare quelli già radicati. Un'attenzione particolare è rivolta ai nuclei che affrontano più difficoltà nello stesso momento: povertà, isolamento, problemi di salute, conflitti, situazioni in cui i minori sono esposti a violenza assistita o sono rimasti orfani a causa di crimini domestici. In questo quadro il Centro per le Famiglie non sostituisce i servizi di tutela, ma diventa un punto di snodo che informa, accompagna e collega.

Tra i compiti indicati per i Centri c'è anche quello di facilitare l'accesso delle famiglie alle misure esistenti, dai contributi per la natalità e per il nido fino agli strumenti di contrasto alla povertà e di inclusione sociale.

### 1.2 Il percorso di gemellaggio

Il Centro cedente, a Bari, lavora su due sedi, nei quartieri di Japigia e San Paolo, ed è stato scelto per l'esperienza maturata negli interventi complessi con le famiglie. I Centri riceventi sono quelli di Elmas, nell'area di Cagliari, e di Reggio Calabria. Dopo la lettera di intenti tra Dipartimento e Regioni e la condivisione del progetto operativo, la sperimentazione si è avviata con l'incontro di Bari del 28 e 29 giugno 2023 e si è chiusa entro settembre 2023. Le visite hanno seguito lo schema comune: governance, contesto organizzativo, servizi offerti e approfondimento sul servizio.

## 2. Organizzazione del servizio

### 2.1 Accoglienza e primo contatto

Le famiglie con più problemi arrivano al Centro per strade diverse: su invio dei servizi sociali, dopo un passaggio allo sportello informativo, tramite la scuola o il pediatra. Spesso chiedono aiuto per una questione concreta e solo in seguito emergono altre difficoltà. L'accoglienza deve quindi essere attenta e non giudicante, con tempi sufficienti e un linguaggio semplice.

### 2.2 Il primo colloquio e la lettura dei bisogni

Il primo colloquio serve a costruire un'alleanza e a comporre, insieme alla famiglia, un quadro dei bisogni e delle risorse. Un approccio utile, richiamato anche dal modello piemontese dei Centri, privilegia i bisogni evolutivi dei figli e le capacità già presenti nei genitori, più che l'elenco delle carenze. Nel colloquio si verifica anche quali servizi conoscono già la famiglia, per evitare sovrapposizioni e richieste ripetute.

### 2.3 Il progetto personalizzato e l'équipe multidisciplinare

Per ogni famiglia seguita si definisce un progetto personalizzato, scritto in modo comprensibile e condiviso con i genitori. Il progetto è costruito da un'équipe multidisciplinare che può comprendere assistente sociale, psicologo, educatore, mediatore culturale e, quando serve, operatori sanitari. L'équipe:

- stabilisce obiettivi realistici e verificabili in tempi definiti;
- individua un referente del caso, che tiene i contatti con la famiglia e con gli altri servizi;
- rivede il progetto a scadenze fisse, almeno ogni tre mesi;
- documenta le decisioni in un verbale sintetico.

### 2.4 Approccio di gruppo e risorse della comunità

Accanto al lavoro individuale, il Centro propone attività di gruppo: incontri tra genitori, spazi di auto mutuo aiuto, laboratori per genitori e figli. Il gruppo riduce l'isolamento e permette alle famiglie di riconoscersi come portatrici di competenze. Uscire dalla sede e portare le attività nei quartieri, in collaborazione con associazioni e parrocchie, aiuta a raggiungere chi non si rivolgerebbe spontaneamente a un servizio.

## 3. Integrazione con la rete dei servizi

### 3.1 Ruoli e confini

Il lavoro con famiglie multiproblematiche richiede una chiara divisione dei compiti. La presa in carico e le funzioni di tutela restano ai servizi sociali e, per gli aspetti sanitari, ai servizi dell'azienda sanitaria; il CpF contribuisce con sostegno alla genitorialità, orientamento, attività di gruppo e accompagnamento verso le misure di sostegno. Quando emergono situazioni di violenza o di pregiudizio per i minori, il Centro attiva senza indugio i servizi competenti.

### 3.2 Strumenti di coordinamento

Per rendere concreta l'integrazione nella rete dei servizi si suggeriscono:

1. un protocollo operativo tra Comune, azienda sanitaria, scuole e Terzo Settore, che definisca modalità di invio e di comunicazione;
2. riunioni di rete programmate, non solo convocate in emergenza;
3. consenso informato della famiglia alla condivisione delle informazioni, limitata a quanto necessario;
4. una scheda comune di aggiornamento del progetto, leggibile da tutti i servizi coinvolti.

## 4. Competenze, formazione e monitoraggio

Gli operatori hanno bisogno di formazione continua su temi come la violenza assistita, il lavoro con famiglie di diversa origine culturale, le misure di inclusione e la conduzione di gruppi. I laboratori tematici online del gemellaggio si sono dimostrati utili per mettere in comune strumenti tra Puglia, Sardegna e Calabria, mentre la visita in presenza ha permesso di osservare il funzionamento reale delle due sedi baresi.

Per il monitoraggio si consiglia di registrare, in forma anonima e aggregata: famiglie seguite, progetti personalizzati attivati e rivisti, obiettivi raggiunti, servizi coinvolti, partecipazione alle attività di gruppo. A questi dati vanno affiancati momenti di ascolto delle famiglie sul percorso svolto.

## 5. Raccomandazioni

1. **Partire dalle risorse**: riconoscere ciò che la famiglia sa già fare è la base di ogni progetto.
2. **Un solo progetto, un referente**: evitare che ogni servizio lavori su un frammento separato.
3. **Rispettare ruoli e confini**: il Centro per le Famiglie sostiene e collega, la tutela resta ai servizi competenti.
4. **Portare il Centro nei quartieri**: attività diffuse raggiungono famiglie che non chiederebbero aiuto.
5. **Investire nella formazione comune**: operatori di servizi diversi che si formano insieme collaborano meglio.
6. **Dare seguito al gemellaggio**: Elmas e Reggio Calabria possono mantenere con Bari uno scambio periodico su casi anonimi e strumenti.
`
