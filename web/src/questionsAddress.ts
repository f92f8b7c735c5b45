// What the questions list's address says: its filters and order, and the variables of the
// list's query. Shared by the page and by early.ts, which sends that query ahead of the app,
// so both must build exactly the same variables.
import type { QuestionOrder } from './graphql'

export const questionsPageSize = 20
export const questionOrders: Record<string, QuestionOrder> = { recenti: 'NEWEST', attive: 'ACTIVE', votate: 'VOTES' }

export interface QuestionsFilters {
  area: string
  tag: string
  unanswered: boolean
  region: string
  text: string
  order: string
}

export function questionsFilters(search: URLSearchParams): QuestionsFilters {
  const order = search.get('ordine') ?? ''
  return {
    area: search.get('area') ?? '',
    tag: search.get('etichetta') ?? '',
    unanswered: search.get('senza-risposta') === '1',
    region: search.get('regione') ?? '',
    text: search.get('testo') ?? '',
    order: questionOrders[order] ? order : 'recenti',
  }
}

export function questionsVariables(f: QuestionsFilters) {
  return {
    first: questionsPageSize,
    serviceArea: f.area || null,
    region: f.region || null,
    tag: f.tag || null,
    unanswered: f.unanswered || null,
    text: f.text || null,
    order: questionOrders[f.order],
  }
}
