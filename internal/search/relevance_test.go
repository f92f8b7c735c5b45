package search_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gemella/gemella/internal/search"
)

// passages is a small Italian corpus about family-centre services, written for these tests.
var passages = []doc{
	{ID: 1, Title: "Orientamento ai servizi", Heading: "Sportello informativo",
		Text: "Lo sportello informativo del Centro per le Famiglie accoglie genitori e cittadini, offre orientamento sui servizi del territorio e indica a chi rivolgersi per contributi, nidi e attività educative."},
	{ID: 2, Title: "Mediazione familiare", Heading: "Come funziona il percorso",
		Text: "Il percorso aiuta i genitori che si separano a riorganizzare le relazioni e a prendere accordi condivisi sulla cura dei figli, con un mediatore imparziale e in pochi incontri."},
	{ID: 3, Title: "Sostegno alle famiglie multiproblematiche",
		Text: "Quando difficoltà economiche, abitative e relazionali si sommano, il servizio costruisce con la famiglia un progetto personalizzato e coordina gli interventi dei diversi operatori."},
	{ID: 4, Title: "Primo colloquio di accoglienza",
		Text: "Il primo colloquio serve a conoscere la famiglia, ascoltare la richiesta e concordare i passi successivi; dura circa un'ora e si prenota per telefono o allo sportello."},
	{ID: 5, Title: "L'équipe multidisciplinare",
		Text: "Psicologi, educatori e assistenti sociali lavorano insieme e si confrontano ogni settimana sulle situazioni più complesse, ciascuno con il proprio sguardo professionale."},
	{ID: 6, Title: "Lavorare insieme sul territorio", Heading: "La rete dei servizi",
		Text: "Consultori, scuole, servizi sociali e associazioni collaborano perché nessuna famiglia venga rimandata da un ufficio all'altro senza una risposta."},
	{ID: 7, Title: "Il Centro per le Famiglie di Città di Castello",
		Text: "La sede è aperta dal lunedì al venerdì e propone incontri per genitori, gruppi di parola e consulenze educative su appuntamento."},
	{ID: 8, Title: "Sostegno alla genitorialità",
		Text: "Gli incontri offrono a madri e padri uno spazio per confrontarsi sulle fatiche quotidiane dell'educazione dei figli, guidati da un'educatrice esperta."},
	{ID: 9, Title: "Accoglienza abitativa temporanea",
		Text: "Per le madri con bambini in situazioni di emergenza il Comune mette a disposizione alcune case per un periodo limitato, con l'accompagnamento di un'operatrice."},
	{ID: 10, Title: "Spazio neutro per incontri protetti",
		Text: "Lo spazio neutro permette a bambini e genitori non conviventi di incontrarsi in un luogo protetto, alla presenza di un educatore che osserva e sostiene la relazione."},
	{ID: 11, Title: "Consulenza educativa",
		Text: "Una consulenza breve con un pedagogista aiuta a leggere i comportamenti dei figli adolescenti e a trovare insieme nuove strategie."},
	{ID: 12, Title: "Affido familiare",
		Text: "L'affido offre a un minore una famiglia che lo accoglie per un periodo, mentre la sua famiglia d'origine viene sostenuta dai servizi per poterlo riaccogliere."},
	{ID: 13, Title: "Calendario di primavera",
		Text: "Nel calendario trovate laboratori per bambini, un ciclo sulla mediazione dei conflitti tra fratelli e incontri per i nonni del quartiere."},
	{ID: 14, Title: "Gruppi di parola",
		Text: "I gruppi di parola offrono a ragazze e ragazzi con genitori separati uno spazio per raccontare come vivono il cambiamento della loro famiglia."},
	{ID: 15, Title: "Sostegno psicologico",
		Text: "Brevi percorsi di sostegno psicologico per adulti e coppie che attraversano un momento difficile, con colloqui a cadenza settimanale o quindicinale."},
	{ID: 16, Title: "Bandi e contributi",
		Text: "Il Comune pubblica ogni anno i bandi per i contributi alle famiglie numerose e per il pagamento delle rette dei servizi per l'infanzia."},
}

type relevanceCase struct {
	query  string
	want   int64 // the passage expected in the top 3
	reason string
}

var relevanceCases = []relevanceCase{
	{"mediazone familiare", 2, "typo"},
	{"multiproblematice", 3, "typo"},
	{"famiglia multiproblematica", 3, "singular → plural"},
	{"colloqui", 4, "plural → singular"},
	{"reti", 6, "short plural (4 letters, no typo allowed): stem"},
	{"casa", 9, "short singular (4 letters): stem"},
	{"citta di castello", 7, "missing accent"},
	{"equipe", 5, "missing accent"},
	{"genitorialita", 8, "missing accent"},
	{"CpF", 7, "synonym → Centro per le Famiglie"},
	{"centro famiglie", 7, "synonym of a phrase"},
	{"mediazione", 2, "title match above a body-only match (13)"},
	{"sportello informativo", 1, "heading"},
	{"spazi neutri", 10, "inflection of two words"},
	{"affidi familiari", 12, "inflection of two words"},
	{"sostegno psicologico coppie", 15, "several words"},
}

func TestRelevance(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t, passages...)

	var table strings.Builder
	fmt.Fprintf(&table, "\n| query | expected passage | rank | why |\n|---|---|---|---|\n")
	title := map[int64]string{}
	for _, p := range passages {
		title[p.ID] = p.Title
	}
	for _, c := range relevanceCases {
		res := e.search(t, search.Query{Text: c.query, Limit: 10})
		rank := slices.IndexFunc(res.Hits, func(h search.Hit) bool { return h.EntityID == c.want }) + 1
		shown := "–"
		if rank > 0 {
			shown = fmt.Sprint(rank)
		}
		fmt.Fprintf(&table, "| %s | %s | %s | %s |\n", c.query, title[c.want], shown, c.reason)
		if rank == 0 || rank > 3 {
			var got []string
			for _, h := range res.Hits {
				got = append(got, fmt.Sprintf("%d %s", h.EntityID, h.Title))
			}
			t.Errorf("%q (%s): passage %d at rank %d, want top 3; hits: %q", c.query, c.reason, c.want, rank, got)
		}
	}
	t.Log(table.String())

	// A title match ranks above a passage that only mentions the word.
	res := e.search(t, search.Query{Text: "mediazione"})
	rank := func(id int64) int {
		return slices.IndexFunc(res.Hits, func(h search.Hit) bool { return h.EntityID == id })
	}
	if rank(2) < 0 || rank(13) < 0 || rank(2) > rank(13) {
		t.Errorf("mediazione: title match at %d, body-only match at %d", rank(2), rank(13))
	}
}
