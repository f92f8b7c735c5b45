// The regions, centres and twinnings the practice filters and form choose from, loaded once
// per page view (the directory rarely changes).
import { useEffect, useState } from 'react'
import { request } from '../client'
import { PRACTICE_CHOICES, type PracticeChoicesResult } from '../graphql.practices'

export interface PracticeChoices {
  regions: { id: string; name: string }[]
  centers: { id: string; name: string; region: string }[]
  twinnings: { id: string; title: string }[]
}

const none: PracticeChoices = { regions: [], centers: [], twinnings: [] }
let cached: Promise<PracticeChoices> | null = null

/** The choices, or empty lists until (or unless) they load. */
export function usePracticeChoices(): PracticeChoices {
  const [choices, setChoices] = useState<PracticeChoices>(none)
  useEffect(() => {
    cached ??= request<PracticeChoicesResult>(PRACTICE_CHOICES).then((d) => ({
      regions: d.regions,
      centers: d.centers.edges.map((e) => ({ id: e.node.id, name: e.node.name, region: e.node.region.name })),
      twinnings: d.twinnings.edges.map((e) => e.node),
    }))
    let live = true
    cached.then(
      (c) => live && setChoices(c),
      () => {
        cached = null // Try again next time; the selects still offer "any".
      },
    )
    return () => {
      live = false
    }
  }, [])
  return choices
}
