// A select of the service areas (loaded once per page view; the taxonomy rarely changes).
import { useEffect, useState } from 'react'
import { request } from '../client'
import { SERVICE_AREAS, type ServiceArea, type ServiceAreasResult } from '../graphql'
import { SelectField } from './Field'

let cached: Promise<ServiceArea[]> | null = null

/** The service areas, or [] until (or unless) they load. */
export function useServiceAreas(): ServiceArea[] {
  const [areas, setAreas] = useState<ServiceArea[]>([])
  useEffect(() => {
    cached ??= request<ServiceAreasResult>(SERVICE_AREAS).then((d) => d.serviceAreas)
    let live = true
    cached.then(
      (a) => live && setAreas(a),
      () => {
        cached = null // Try again next time; the select still offers "none".
      },
    )
    return () => {
      live = false
    }
  }, [])
  return areas
}

interface Props {
  id: string
  label: string
  value: string
  onChange: (slug: string) => void
  /** The text of the empty choice ("all areas" in a filter, "no area" in a form). */
  emptyLabel: string
  error?: string
}

export function ServiceAreaSelect({ id, label, value, onChange, emptyLabel, error }: Props) {
  const areas = useServiceAreas()
  return (
    <SelectField id={id} label={label} value={value} onChange={(e) => onChange(e.target.value)} error={error}>
      <option value="">{emptyLabel}</option>
      {areas.map((a) => (
        <option key={a.slug} value={a.slug}>
          {a.name}
        </option>
      ))}
    </SelectField>
  )
}
