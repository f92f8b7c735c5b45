package seed

// Practices are demo good practices drawn from the programme's facts, in Gemella's words.
var Practices = []Practice{
	{
		Key:             "sportello-orientamento-rimini",
		AuthorEmail:     emailTrainer,
		CenterKey:       "rimini",
		ServiceAreaSlug: "orientamento",
		TwinningKey:     "gemellaggio-orientamento",
		Title:           "Sportello di orientamento con scheda di primo contatto",
		Summary: "Uno sportello aperto in orari fissi accoglie ogni richiesta delle famiglie e, con una scheda breve, " +
			"decide se basta un'informazione, se serve un colloquio o se occorre accompagnare la famiglia verso un altro servizio.",
		Context: "Molte famiglie arrivano al Centro senza sapere a chi rivolgersi: chiedono di un bonus, di un nido, " +
			"di un figlio adolescente che non parla più. Senza un punto di ingresso riconoscibile, le richieste si disperdono tra uffici diversi.",
		Objectives: "- offrire un punto di accesso unico e regolare;\n" +
			"- distinguere in pochi minuti la richiesta informativa da quella che merita un approfondimento;\n" +
			"- evitare invii \"a vuoto\": ogni passaggio a un altro servizio è preparato con il suo referente.",
		Target: "Tutte le famiglie del territorio, in particolare quelle che si rivolgono ai servizi per la prima volta.",
		Activities: "1. **Accoglienza** in due aperture settimanali, una al mattino e una al pomeriggio, più un canale telefonico su appuntamento.\n" +
			"2. **Scheda di primo contatto** di una pagina: bisogno espresso, servizi già conosciuti, urgenza percepita.\n" +
			"3. **Primo colloquio** entro una settimana quando emergono più bisogni insieme.\n" +
			"4. **Invio accompagnato**: l'operatore telefona al referente dell'altro servizio prima di indirizzarvi la famiglia.",
		Outcomes:  "Richieste registrate in modo uniforme, tempi di risposta più brevi e meno famiglie che tornano dopo un invio sbagliato.",
		Resources: "Due operatori formati a turno, una stanza riservata per i colloqui, la mappa aggiornata dei servizi del territorio.",
		Tags:      []string{"accoglienza", "sportello", "primo-contatto"},
		Maturity:  "ESTABLISHED",
		Evidence:  "In uso da diversi anni a Rimini e condiviso nel gemellaggio con tre Centri di altre Regioni.",
		Adoptions: []Adoption{
			{CenterKey: "la-spezia", Kind: "ADAPTED", RecorderEmail: emailOperator,
				Note: "Una sola apertura settimanale nella sede condivisa con gli uffici comunali, con la stessa scheda di primo contatto."},
			{CenterKey: "viggianello", Kind: "ADOPTED", RecorderEmail: emailModerator,
				Note: "Scheda e orari ripresi così come sono, con un appuntamento al mese nelle frazioni."},
		},
	},
	{
		Key:             "gruppi-di-parola-settimo",
		AuthorEmail:     emailCoordinator,
		CenterKey:       "settimo-torinese",
		ServiceAreaSlug: "mediazione-familiare",
		TwinningKey:     "gemellaggio-mediazione-familiare",
		Title:           "Gruppi di parola per figli di genitori separati",
		Summary: "Piccoli gruppi di bambini e ragazzi che vivono la separazione dei genitori si incontrano con un conduttore formato " +
			"per dare un nome a ciò che provano, scoprire di non essere i soli e portare ai genitori un proprio messaggio.",
		Context: "Nei percorsi di mediazione familiare il lavoro si concentra sulla coppia genitoriale; i figli spesso restano sullo sfondo, " +
			"con domande che non trovano spazio in famiglia.",
		Objectives: "- dare ai figli un luogo protetto per esprimere emozioni e dubbi sulla separazione;\n" +
			"- ridurre il senso di colpa e di isolamento;\n" +
			"- favorire il dialogo tra figli e genitori senza farne dei mediatori.",
		Target: "Bambini e ragazzi dai 6 ai 14 anni, divisi per età, con genitori separati o in via di separazione; i genitori partecipano all'incontro finale.",
		Activities: "Quattro incontri di circa due ore, in gruppi di sei-otto partecipanti:\n\n" +
			"1. conoscersi e raccontare la propria famiglia con disegni e giochi;\n" +
			"2. le emozioni della separazione, con storie e carte illustrate;\n" +
			"3. le domande che non si osano fare, raccolte in forma anonima;\n" +
			"4. una lettera collettiva ai genitori, letta insieme a loro nell'ultima mezz'ora.",
		Outcomes:  "I genitori riferiscono figli più sereni nel passaggio tra le due case; la lettera diventa spesso un punto di partenza per i colloqui di mediazione.",
		Resources: "Un conduttore formato ai gruppi di parola e un co-conduttore, una sala accogliente, materiale per disegnare e carte delle emozioni.",
		Tags:      []string{"separazione", "figli", "gruppi"},
		Maturity:  "PROMISING",
		Evidence:  "Cicli ripetuti nei Centri piemontesi, con riscontri positivi raccolti dai genitori a fine percorso.",
		Adoptions: []Adoption{
			{CenterKey: "citta-di-castello", Kind: "ADAPTED", RecorderEmail: emailModerator,
				Note: "Tre incontri invece di quattro, collegati al servizio di mediazione già attivo."},
			{CenterKey: "montesilvano", Kind: "ADOPTED", RecorderEmail: emailModerator,
				Note: "Primo ciclo avviato con un gruppo di bambini della scuola primaria."},
		},
	},
	{
		Key:             "approccio-di-gruppo-piemonte",
		AuthorEmail:     emailCoordinator,
		CenterKey:       "settimo-torinese",
		ServiceAreaSlug: "auto-mutuo-aiuto",
		Title:           "L'approccio di gruppo dei Centri piemontesi",
		Summary: "Invece di seguire ogni famiglia da sola, il Centro riunisce genitori con difficoltà simili in gruppi facilitati, " +
			"dove le risorse di ciascuno diventano un patrimonio comune e la comunità si rafforza insieme ai singoli.",
		Context: "Il modello tradizionale dei servizi sociali lavora soprattutto sul singolo caso. I Centri per le Famiglie del Piemonte, " +
			"coordinati da un tavolo regionale, hanno scelto di partire dai bisogni evolutivi delle famiglie e non dalle loro carenze.",
		Objectives: "- affrontare insieme le fragilità familiari attraverso il gruppo;\n" +
			"- valorizzare ciò che di positivo c'è già in ogni famiglia;\n" +
			"- costruire legami che durino oltre la fine del percorso.",
		Target: "Genitori in una fase delicata della vita familiare: nascita di un figlio, adolescenza, separazione, trasferimento.",
		Activities: "- gruppi di auto mutuo aiuto condotti da un operatore facilitatore;\n" +
			"- narrazione e partecipazione attiva: racconti di cambiamento, ricerca di soluzioni condivise;\n" +
			"- incontri fuori dalla sede del Centro, nei luoghi del quartiere, per raggiungere chi non verrebbe;\n" +
			"- un linguaggio semplice, comprensibile a famiglie e professionisti di discipline diverse.",
		Outcomes:  "Famiglie più attive nella progettazione degli interventi e un Centro riconosciuto come punto di riferimento del territorio.",
		Resources: "Operatori stabili e formati alla facilitazione, un'équipe multiprofessionale e la collaborazione con consultori e terzo settore.",
		Tags:      []string{"gruppi", "auto-mutuo-aiuto", "comunita"},
		Maturity:  "PROMISING",
		Evidence:  "Prassi comune dei Centri piemontesi, presentata al confronto nazionale tra esperienze regionali del 2021.",
		Adoptions: []Adoption{
			{CenterKey: "treviso", Kind: "ADAPTED", RecorderEmail: emailModerator,
				Note: "Gruppi per genitori in separazione affiancati ai percorsi di mediazione."},
		},
	},
	{
		Key:             "genitori-smart-rivoli",
		AuthorEmail:     emailCoordinator,
		CenterKey:       "rivoli",
		ServiceAreaSlug: "sostegno-genitorialita",
		Title:           "Incontri paralleli per genitori e figli il sabato mattina",
		Summary: "Un breve ciclo di incontri gratuiti in cui genitori e figli arrivano insieme e lavorano in due stanze vicine: " +
			"i genitori si confrontano sull'educazione, i bambini giocano sugli stessi temi con un educatore.",
		Context: "Per molti genitori che lavorano è difficile partecipare a incontri serali; portare i figli con sé di sabato toglie l'ostacolo della custodia.",
		Objectives: "- offrire uno spazio di confronto tra genitori sul rapporto tra essere e fare il genitore;\n" +
			"- coinvolgere i figli nello stesso percorso, senza che siano solo \"parcheggiati\".",
		Target: "Genitori con figli della scuola primaria e secondaria di primo grado di cinque comuni vicini.",
		Activities: "Tre sabati consecutivi, un'ora e mezza al mattino: gruppo dei genitori con uno psicologo, " +
			"gruppo dei bambini con educatori professionali; l'avvio è confermato al raggiungimento di un numero minimo di iscritti.",
		Outcomes:  "Da valutare: il primo ciclo raccoglierà presenze e gradimento di genitori e figli.",
		Resources: "Due stanze attigue, due cooperative sociali per la conduzione dei gruppi, iscrizioni tramite il Centro.",
		Tags:      []string{"genitorialita", "figli", "gruppi"},
		Maturity:  "EMERGING",
		Adoptions: nil,
	},
	{
		Key:             "equipe-multiproblematiche-bari",
		AuthorEmail:     emailModerator,
		CenterKey:       "bari-japigia",
		ServiceAreaSlug: "famiglie-multiproblematiche",
		TwinningKey:     "gemellaggio-famiglie-multiproblematiche",
		Title:           "Équipe integrata e progetto personalizzato per famiglie con più fragilità",
		Summary: "Per i nuclei che affrontano più difficoltà insieme, un'équipe del Centro costruisce con la famiglia e con i servizi sociali " +
			"e sanitari un unico progetto, con un referente che tiene i fili.",
		Context: "Le famiglie multiproblematiche incontrano molti servizi diversi, ciascuno con il proprio pezzo di intervento; " +
			"la famiglia finisce per raccontare la propria storia più volte senza un disegno comune.",
		Objectives: "- un solo progetto condiviso tra servizi e famiglia;\n" +
			"- un referente per la famiglia e per la rete;\n" +
			"- verifiche periodiche che coinvolgono la famiglia stessa.",
		Target: "Nuclei con difficoltà economiche, educative e di salute compresenti, segnalati dai servizi o arrivati spontaneamente.",
		Activities: "1. valutazione iniziale in équipe multidisciplinare;\n" +
			"2. incontro di rete con servizi sociali, sanitari e scuola;\n" +
			"3. progetto personalizzato scritto con la famiglia, con obiettivi piccoli e verificabili;\n" +
			"4. verifica ogni due mesi e chiusura concordata.",
		Outcomes:  "Meno sovrapposizioni tra servizi e famiglie più partecipi alle scelte che le riguardano.",
		Resources: "Un'équipe con assistente sociale, psicologo ed educatore; accordi scritti con i servizi della rete.",
		Tags:      []string{"equipe", "rete-servizi", "progetto-personalizzato"},
		Maturity:  "PROMISING",
		Evidence:  "Metodo delle due sedi baresi, confrontato nel gemellaggio con i Centri di Sardegna e Calabria.",
		Adoptions: []Adoption{
			{CenterKey: "elmas", Kind: "ADAPTED", RecorderEmail: emailModerator,
				Note: "Verifiche mensili nella fase iniziale, per un territorio con meno servizi a disposizione."},
		},
	},
}
