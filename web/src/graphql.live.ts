// The operations of discussions and notifications: threads' messages, their live updates,
// the viewer's notifications.
import type { UserError } from './client'
import type { PageInfo } from './graphql'

const gql = (strings: TemplateStringsArray) => strings.join('')

export interface Reaction {
  emoji: string
  count: number
  viewer: boolean
}

export interface MessageNode {
  id: string
  cursor: string
  body: string
  bodyHTML: string
  createdAt: string
  editedAt: string | null
  deleted: boolean
  viewerCanEdit: boolean
  author: { id: string; displayName: string }
  replyTo: { id: string; author: { displayName: string }; body: string; bodyHTML: string; deleted: boolean } | null
  reactions: Reaction[]
}

export const THREAD = gql`
  query Thread($id: ID!, $after: String) {
    node(id: $id) {
      ... on Discussion {
        id title unreadCount mentionCount viewerFollows
        messages(last: true, first: 20, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { id cursor body bodyHTML createdAt editedAt deleted viewerCanEdit author { id displayName } replyTo { id body bodyHTML deleted author { displayName } } reactions { emoji count viewer } } }
        }
      }
    }
  }
`
export interface ThreadResult {
  node: {
    id: string
    title: string
    unreadCount: number
    mentionCount: number
    viewerFollows: boolean
    messages: { totalCount: number; pageInfo: PageInfo; edges: { cursor: string; node: MessageNode }[] }
  } | null
}

export const MENTION_CANDIDATES = gql`
  query MentionCandidates($id: ID!, $query: String!) {
    node(id: $id) {
      ... on Discussion { mentionCandidates(query: $query) { id displayName } }
    }
  }
`
export interface MentionCandidatesResult {
  node: { mentionCandidates: { id: string; displayName: string }[] } | null
}

export const POST_MESSAGE = gql`
  mutation PostMessage($threadId: ID!, $body: String!, $replyToId: ID) {
    postMessage(input: { threadId: $threadId, body: $body, replyToId: $replyToId }) {
      message { id cursor body bodyHTML createdAt editedAt deleted viewerCanEdit author { id displayName } replyTo { id body bodyHTML deleted author { displayName } } reactions { emoji count viewer } }
      userErrors { field message code }
    }
  }
`
export const EDIT_MESSAGE = gql`
  mutation EditMessage($messageId: ID!, $body: String!) {
    editMessage(input: { messageId: $messageId, body: $body }) {
      message { id cursor body bodyHTML createdAt editedAt deleted viewerCanEdit author { id displayName } replyTo { id body bodyHTML deleted author { displayName } } reactions { emoji count viewer } }
      userErrors { field message code }
    }
  }
`
export const DELETE_MESSAGE = gql`
  mutation DeleteMessage($messageId: ID!) {
    deleteMessage(input: { messageId: $messageId }) {
      message { id cursor body bodyHTML createdAt editedAt deleted viewerCanEdit author { id displayName } replyTo { id body bodyHTML deleted author { displayName } } reactions { emoji count viewer } }
      userErrors { field message code }
    }
  }
`
export const REACT = gql`
  mutation React($messageId: ID!, $emoji: String!, $on: Boolean) {
    react(input: { messageId: $messageId, emoji: $emoji, on: $on }) {
      message { id cursor body bodyHTML createdAt editedAt deleted viewerCanEdit author { id displayName } replyTo { id body bodyHTML deleted author { displayName } } reactions { emoji count viewer } }
      userErrors { field message code }
    }
  }
`
export interface MessagePayload {
  message: MessageNode | null
  userErrors: UserError[]
}
export type PostMessageResult = { postMessage: MessagePayload }
export type EditMessageResult = { editMessage: MessagePayload }
export type DeleteMessageResult = { deleteMessage: MessagePayload }
export type ReactResult = { react: MessagePayload }

export const MARK_THREAD_READ = gql`
  mutation MarkThreadRead($threadId: ID!) {
    markThreadRead(input: { threadId: $threadId }) {
      thread { id unreadCount mentionCount }
      userErrors { field message code }
    }
  }
`
export interface MarkThreadReadResult {
  markThreadRead: { thread: { id: string; unreadCount: number; mentionCount: number } | null; userErrors: UserError[] }
}

export const FOLLOW_THREAD = gql`
  mutation FollowThread($threadId: ID!, $follow: Boolean!) {
    followThread(input: { threadId: $threadId, follow: $follow }) {
      thread { id viewerFollows }
      userErrors { field message code }
    }
  }
`
export interface FollowThreadResult {
  followThread: { thread: { id: string; viewerFollows: boolean } | null; userErrors: UserError[] }
}

export const MESSAGE_ADDED = gql`
  subscription MessageAdded($threadId: ID!, $after: String) {
    messageAdded(threadId: $threadId, after: $after) { id cursor body bodyHTML createdAt editedAt deleted viewerCanEdit author { id displayName } replyTo { id body bodyHTML deleted author { displayName } } reactions { emoji count viewer } }
  }
`
export const MESSAGE_UPDATED = gql`
  subscription MessageUpdated($threadId: ID!, $after: String) {
    messageUpdated(threadId: $threadId, after: $after) { id cursor body bodyHTML createdAt editedAt deleted viewerCanEdit author { id displayName } replyTo { id body bodyHTML deleted author { displayName } } reactions { emoji count viewer } }
  }
`
export const MESSAGE_DELETED = gql`
  subscription MessageDeleted($threadId: ID!, $after: String) {
    messageDeleted(threadId: $threadId, after: $after) { id cursor body bodyHTML createdAt editedAt deleted viewerCanEdit author { id displayName } replyTo { id body bodyHTML deleted author { displayName } } reactions { emoji count viewer } }
  }
`

export const QUESTION_ACTIVITY = gql`
  subscription QuestionActivity($questionId: ID!, $after: String) {
    questionActivity(questionId: $questionId, after: $after) { kind cursor }
  }
`
export interface QuestionActivityResult {
  questionActivity: { kind: string; cursor: string }
}

export type NotificationKind =
  | 'MENTION'
  | 'REPLY'
  | 'THREAD_ACTIVITY'
  | 'ANSWER'
  | 'ACCEPTED'
  | 'NEW_WORKSHOP'
  | 'REGISTRATION_CONFIRMED'
  | 'REGISTRATION_PROMOTED'
  | 'WORKSHOP_CANCELLED'

export interface NotificationNode {
  id: string
  kind: NotificationKind
  cursor: string
  createdAt: string
  readAt: string | null
  actor: { displayName: string } | null
  thread: { id: string; title: string; url: string | null } | null
  message: { id: string } | null
  question: { id: string; title: string } | null
  workshop: { id: string; title: string } | null
}

export const UNREAD_NOTIFICATIONS = gql`
  query UnreadNotifications {
    unreadNotificationCount
    notifications(first: 1) { edges { node { cursor } } }
  }
`
export interface UnreadNotificationsResult {
  unreadNotificationCount: number
  notifications: { edges: { node: { cursor: string } }[] }
}

export const NOTIFICATIONS = gql`
  query Notifications($after: String) {
    unreadNotificationCount
    notifications(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id kind cursor createdAt readAt actor { displayName } thread { id title url } message { id } question { id title } workshop { id title } } }
    }
  }
`
export interface NotificationsResult {
  unreadNotificationCount: number
  notifications: { totalCount: number; pageInfo: PageInfo; edges: { cursor: string; node: NotificationNode }[] }
}

export const NOTIFICATION_ADDED = gql`
  subscription NotificationAdded($after: String) {
    notificationAdded(after: $after) { id kind cursor createdAt readAt actor { displayName } thread { id title url } message { id } question { id title } workshop { id title } }
  }
`
export interface NotificationAddedResult {
  notificationAdded: NotificationNode
}

export const MARK_NOTIFICATIONS_READ = gql`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(input: { ids: $ids }) {
      unreadCount
      userErrors { field message code }
    }
  }
`
export interface MarkNotificationsReadResult {
  markNotificationsRead: { unreadCount: number; userErrors: UserError[] }
}
