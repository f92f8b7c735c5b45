// Up and down votes on a question or an answer. Pressing one's current vote again withdraws it.
// One's own posts show the score only (the server refuses votes on them). While a vote is
// sent the buttons stay focusable (aria-disabled), so the focus never falls to the page.
import { useEffect, useState } from 'react'
import { request } from '../client'
import { VOTE, type VoteResult, type VoteValue } from '../graphql'
import { useAction } from '../hooks'
import { useMessages } from '../i18n'
import { Link, useLocation } from '../router'
import { useSession } from '../session'
import { Icon } from './Icon'

interface Props {
  postId: string
  score: number
  viewerVote: VoteValue | null
  /** What is being voted, for the group's accessible name. */
  label: string
  /** The viewer's own post. */
  own?: boolean
}

export function VoteButtons({ postId, score, viewerVote, label, own = false }: Props) {
  const m = useMessages()
  const { viewer } = useSession()
  const location = useLocation()
  const [state, setState] = useState({ score, vote: viewerVote })
  const [needsLogin, setNeedsLogin] = useState(false)
  const { busy, userErrors, error, run } = useAction()
  // A reload of the page brings the server's figures.
  useEffect(() => setState({ score, vote: viewerVote }), [score, viewerVote])

  const vote = (value: 'UP' | 'DOWN') => {
    if (busy) return
    if (!viewer) return setNeedsLogin(true)
    const next: VoteValue = state.vote === value ? 'NONE' : value
    void run(async () => {
      const { vote } = await request<VoteResult>(VOTE, { postId, value: next })
      if (!vote.userErrors.length && vote.score != null) setState({ score: vote.score, vote: next === 'NONE' ? null : next })
      return vote.userErrors
    })
  }

  const problem = userErrors.map((e) => e.message).join(' ') || error?.message
  if (own)
    return (
      <div className="vote-buttons" aria-label={`${m.vote.group}: ${label}`} role="group">
        <span className="vote-score">
          <span className="visually-hidden">{m.vote.score(state.score)}</span>
          <span aria-hidden="true">{state.score}</span>
        </span>
      </div>
    )
  return (
    <div className="vote-buttons" role="group" aria-label={`${m.vote.group}: ${label}`}>
      <button
        type="button"
        className="btn btn-outline-primary btn-xs"
        aria-pressed={state.vote === 'UP'}
        aria-disabled={busy || undefined}
        onClick={() => vote('UP')}
      >
        <Icon name="it-arrow-up-triangle" color={state.vote === 'UP' ? 'white' : 'primary'} />
        <span className="visually-hidden">{m.vote.up}</span>
      </button>
      <span className="vote-score" aria-live="polite">
        <span className="visually-hidden">{m.vote.score(state.score)}</span>
        <span aria-hidden="true">{state.score}</span>
      </span>
      <button
        type="button"
        className="btn btn-outline-primary btn-xs"
        aria-pressed={state.vote === 'DOWN'}
        aria-disabled={busy || undefined}
        onClick={() => vote('DOWN')}
      >
        <Icon name="it-arrow-down-triangle" color={state.vote === 'DOWN' ? 'white' : 'primary'} />
        <span className="visually-hidden">{m.vote.down}</span>
      </button>
      {needsLogin && !viewer && (
        <p className="vote-message" role="status">
          <Link to={`/accedi?ritorno=${encodeURIComponent(location.pathname)}`}>{m.vote.signIn}</Link>
        </p>
      )}
      {problem && (
        <p className="vote-message text-danger" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}
