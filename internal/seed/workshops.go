package seed

import (
	"slices"
	"time"
)

// Workshop is a demo workshop with its sessions, in Gemella's words.
type Workshop struct {
	Key             string
	TrainerEmail    string
	TwinningKey     string // the space it lives in; "" for the whole community
	HostCenterKey   string // "" when no centre hosted it
	ServiceAreaSlug string
	Title           string
	Description     string // Markdown
	Kind            string // WORKSHOP, LAB, MEETING, VISIT
	Mode            string // ONLINE, IN_PERSON, HYBRID
	Capacity        *int
	Sessions        []Session
}

// Session is one meeting of a demo workshop.
type Session struct {
	Start, End time.Time
	Place      string
	OnlineURL  string
}

func seats(n int) *int { return &n }

// Workshops are the programme's informative-training meetings of summer 2023, the
// Piedmont workshop of June 2021, and two upcoming workshops to register for, dated from
// now: fixed dates would pass one day and leave the demo with nothing upcoming.
func Workshops(now time.Time) []Workshop {
	return append(slices.Clone(pastWorkshops), upcomingWorkshops(now)...)
}

// pastWorkshops keep the dates they had.
var pastWorkshops = []Workshop{
	{
		Key: "incontro-rimini-2023", TrainerEmail: emailTrainer, TwinningKey: "gemellaggio-orientamento",
		HostCenterKey: "rimini", ServiceAreaSlug: "orientamento", Kind: "MEETING", Mode: "IN_PERSON",
		Title: "Incontro informativo-formativo sull'orientamento alle famiglie",
		Description: "Due giornate al Centro per le famiglie di Rimini con i centri riceventi di Liguria, Toscana e Basilicata.\n\n" +
			"- come si accoglie una famiglia al primo contatto;\n- come si costruisce la mappa dei servizi del territorio;\n" +
			"- visita agli spazi e confronto tra operatrici e operatori.",
		Sessions: []Session{
			{Start: at(2023, time.June, 27, 9, 30), End: at(2023, time.June, 27, 17, 0), Place: "Centro per le famiglie, Rimini"},
			{Start: at(2023, time.June, 28, 9, 30), End: at(2023, time.June, 28, 13, 0), Place: "Centro per le famiglie, Rimini"},
		},
	},
	{
		Key: "incontro-bari-2023", TrainerEmail: emailTrainer, TwinningKey: "gemellaggio-famiglie-multiproblematiche",
		HostCenterKey: "bari-japigia", ServiceAreaSlug: "famiglie-multiproblematiche", Kind: "MEETING", Mode: "IN_PERSON",
		Title: "Incontro informativo-formativo sulle famiglie multiproblematiche",
		Description: "A Bari, con i centri di Calabria e Sardegna: come il centro lavora in rete con i servizi sociali e sanitari " +
			"quando una famiglia affronta più difficoltà insieme, e come si condivide un progetto con la famiglia stessa.",
		Sessions: []Session{
			{Start: at(2023, time.June, 28, 9, 30), End: at(2023, time.June, 28, 17, 0), Place: "Centro per le famiglie Japigia, Bari"},
			{Start: at(2023, time.June, 29, 9, 30), End: at(2023, time.June, 29, 13, 0), Place: "Centro per le famiglie Japigia, Bari"},
		},
	},
	{
		Key: "incontro-torino-2023", TrainerEmail: emailTrainer, TwinningKey: "gemellaggio-mediazione-familiare",
		HostCenterKey: "settimo-torinese", ServiceAreaSlug: "mediazione-familiare", Kind: "MEETING", Mode: "IN_PERSON",
		Title: "Incontro informativo-formativo sulla mediazione familiare",
		Description: "A Torino, con i centri di Abruzzo, Umbria, Marche e Veneto: il percorso di mediazione dal primo colloquio " +
			"all'accordo, i gruppi di parola per figlie e figli di genitori separati, il lavoro con il territorio.",
		Sessions: []Session{
			{Start: at(2023, time.July, 10, 9, 30), End: at(2023, time.July, 10, 17, 0), Place: "Torino"},
			{Start: at(2023, time.July, 11, 9, 30), End: at(2023, time.July, 11, 13, 0), Place: "Torino"},
		},
	},
	{
		Key: "workshop-piemonte-2021", TrainerEmail: emailCoordinator, ServiceAreaSlug: "promozione-benessere",
		Kind: "WORKSHOP", Mode: "ONLINE",
		Title: "Famiglie al centro: i modelli regionali a confronto",
		Description: "Un workshop online del ciclo piemontese del 2021: come la Regione Piemonte organizza i suoi 45 centri " +
			"per le famiglie in tre aree di funzioni (promozione del benessere, prevenzione primaria, prevenzione secondaria) " +
			"e cosa possono prenderne le altre regioni.",
		Sessions: []Session{{Start: at(2021, time.June, 21, 9, 30), End: at(2021, time.June, 21, 13, 0)}},
	},
}

// upcomingWorkshops are a lab of three weekly Tuesday mornings from four weeks after now,
// and a Thursday workshop from eight weeks after now, once the lab is over; at Rome wall-clock
// times whatever the UTC offset of the day.
func upcomingWorkshops(now time.Time) []Workshop {
	ly, lm, ld := weekdayFrom(now, 28, time.Tuesday)
	gy, gm, gd := weekdayFrom(now, 56, time.Thursday)
	lab := make([]Session, 3)
	for i := range lab {
		lab[i] = Session{Start: at(ly, lm, ld+7*i, 10, 0), End: at(ly, lm, ld+7*i, 12, 0), OnlineURL: "https://meet.example.org/primo-colloquio"}
	}
	return []Workshop{
		{
			Key: "laboratorio-primo-colloquio", TrainerEmail: emailTrainer, TwinningKey: "gemellaggio-orientamento",
			HostCenterKey: "rimini", ServiceAreaSlug: "orientamento", Kind: "LAB", Mode: "ONLINE", Capacity: seats(25),
			Title: "Laboratorio online: il primo colloquio di orientamento",
			Description: "Tre incontri brevi per operatrici e operatori dei centri riceventi: si prova il primo colloquio su casi " +
				"inventati, si confrontano le schede di accoglienza, si porta a casa una traccia comune.",
			Sessions: lab,
		},
		{
			Key: "workshop-gruppi-di-parola", TrainerEmail: emailTrainer, HostCenterKey: "settimo-torinese",
			ServiceAreaSlug: "mediazione-familiare", Kind: "WORKSHOP", Mode: "HYBRID", Capacity: seats(12),
			Title: "Condurre un gruppo di parola per figli di genitori separati",
			Description: "Una giornata in presenza e online su come si prepara e si conduce un ciclo di gruppi di parola: " +
				"l'incontro con i genitori, i quattro pomeriggi con i ragazzi, la restituzione finale.",
			Sessions: []Session{{Start: at(gy, gm, gd, 9, 30), End: at(gy, gm, gd, 16, 30),
				Place: "Centro per le famiglie, Settimo Torinese", OnlineURL: "https://meet.example.org/gruppi-di-parola"}},
		},
	}
}

// weekdayFrom is the first wd that is at least days after now's calendar day in Rome. Days
// are counted on the calendar, not in 24-hour steps, so that a change of UTC offset in
// between moves no date.
func weekdayFrom(now time.Time, days int, wd time.Weekday) (int, time.Month, int) {
	y, m, d := now.In(rome).Date()
	earliest := day(y, m, d+days)
	return day(y, m, d+days+(int(wd)-int(earliest.Weekday())+7)%7).Date()
}
