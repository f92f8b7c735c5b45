// The operations of the workshop pages (/workshop, /verifica), beside graphql.ts and checked
// against the schema in the same way. PublishWorkshop, AttachMaterial, UpcomingWorkshops,
// RegisterForWorkshop and CancelRegistration are the contract's, with the fields the pages need
// more.

import type { UserError } from './client'
import type { PageInfo, SpaceVisibility } from './graphql'

/** Marks a GraphQL document for scripts/check-operations.mjs; returns it unchanged. */
const gql = (strings: TemplateStringsArray) => strings.join('')

export type WorkshopKind = 'WORKSHOP' | 'LAB' | 'MEETING' | 'VISIT'
export type WorkshopMode = 'ONLINE' | 'IN_PERSON' | 'HYBRID'
export type WorkshopStatus = 'PUBLISHED' | 'CANCELLED'
export type RegistrationStatus = 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED'
export type MaterialAudience = 'EVERYONE' | 'PARTICIPANTS'
export type MaterialKind = 'FILE' | 'LINK'

export const workshopKinds: WorkshopKind[] = ['WORKSHOP', 'LAB', 'MEETING', 'VISIT']
export const workshopModes: WorkshopMode[] = ['IN_PERSON', 'ONLINE', 'HYBRID']

export interface WorkshopSession {
  id: string
  startsAt: string
  endsAt: string
  place: string | null
  onlineUrl: string | null
  cancelled: boolean
}

/** What a list shows of a workshop. */
export interface WorkshopSummary {
  id: string
  title: string
  kind: WorkshopKind
  mode: WorkshopMode
  status: WorkshopStatus
  private: boolean
  startsAt: string
  endsAt: string
  capacity: number | null
  seatsLeft: number | null
  waitlistCount: number
  registrationOpen: boolean
  hostCenter: { name: string; region: { name: string } } | null
  serviceArea: { name: string } | null
  space: { id: string; title: string; visibility: SpaceVisibility } | null
  sessions: { id: string; startsAt: string; endsAt: string; place: string | null; cancelled: boolean }[]
}

export const WORKSHOPS = gql`
  query WorkshopList(
    $first: Int
    $after: String
    $upcoming: Boolean
    $past: Boolean
    $serviceArea: String
    $region: ID
    $space: ID
    $trainer: ID
    $mode: WorkshopMode
    $kind: WorkshopKind
    $from: DateTime
    $to: DateTime
  ) {
    workshops(
      first: $first
      after: $after
      filter: {
        upcoming: $upcoming
        past: $past
        serviceAreaSlug: $serviceArea
        regionId: $region
        spaceId: $space
        trainerId: $trainer
        mode: $mode
        kind: $kind
        from: $from
        to: $to
      }
    ) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id title kind mode status private startsAt endsAt capacity seatsLeft waitlistCount registrationOpen
          hostCenter { name region { name } }
          serviceArea { name }
          space { ... on Twinning { id title visibility } }
          sessions { id startsAt endsAt place cancelled }
        }
      }
    }
  }
`
export interface WorkshopsResult {
  workshops: { totalCount: number; pageInfo: PageInfo; edges: { node: WorkshopSummary }[] }
}

// The name of the trainer the list is filtered by (?formatore=<id>), for its filter.
export const TRAINER_NAME = gql`
  query TrainerName($id: ID!) {
    node(id: $id) {
      ... on User { id displayName }
    }
  }
`
export interface TrainerNameResult {
  node: { id?: string; displayName?: string } | null
}

// The contract's, with what the home page's items show.
export const UPCOMING_WORKSHOPS = gql`
  query UpcomingWorkshops($first: Int) {
    workshops(first: $first, filter: { upcoming: true }) {
      edges {
        node {
          id title kind mode status private startsAt endsAt capacity seatsLeft waitlistCount registrationOpen
          hostCenter { name region { name } }
          serviceArea { name }
          space { ... on Twinning { id title visibility } }
          sessions { id startsAt endsAt place cancelled }
        }
      }
    }
  }
`
export interface UpcomingWorkshopsResult {
  workshops: { edges: { node: WorkshopSummary }[] }
}

export interface Certificate {
  code: string
  url: string
  verifyUrl: string
  issuedAt: string
}

export interface WorkshopMaterial {
  id: string
  name: string
  kind: MaterialKind
  url: string
  contentType: string | null
  size: number | null
  audience: MaterialAudience
}

export interface ViewerRegistration {
  id: string
  status: RegistrationStatus
  waitlistPosition: number | null
  attendedHours: number
  certificateAvailable: boolean
  certificate: Certificate | null
}

export interface WorkshopDetail extends WorkshopSummary {
  description: string
  descriptionHTML: string
  cancellationReason: string | null
  confirmedCount: number
  registrationDeadline: string | null
  attendanceRequired: number
  viewerCanEdit: boolean
  viewerIsParticipant: boolean
  icsUrl: string
  registrationsCsvUrl: string | null
  hostCenter: { id: string; name: string; region: { name: string } } | null
  serviceArea: { slug: string; name: string } | null
  region: { name: string } | null
  trainers: { id: string; displayName: string; center: { name: string } | null }[]
  sessions: WorkshopSession[]
  materials: WorkshopMaterial[]
  discussion: { id: string; title: string } | null
  viewerRegistration: ViewerRegistration | null
}

export const WORKSHOP_PAGE = gql`
  query WorkshopPage($id: ID!) {
    node(id: $id) {
      ... on Workshop {
        id title description descriptionHTML kind mode status cancellationReason private
        startsAt endsAt capacity seatsLeft confirmedCount waitlistCount registrationDeadline registrationOpen
        attendanceRequired viewerCanEdit viewerIsParticipant icsUrl registrationsCsvUrl
        hostCenter { id name region { name } }
        serviceArea { slug name }
        region { name }
        space { ... on Twinning { id title visibility } }
        trainers { id displayName center { name } }
        sessions { id startsAt endsAt place onlineUrl cancelled }
        materials { id name kind url contentType size audience }
        discussion { id title }
        viewerRegistration {
          id status waitlistPosition attendedHours certificateAvailable
          certificate { code url verifyUrl issuedAt }
        }
      }
    }
  }
`
export interface WorkshopPageResult {
  node: WorkshopDetail | Record<string, never> | null
}

export interface WorkshopSessionInput {
  id?: string
  startsAt: string
  endsAt: string
  place: string | null
  onlineUrl: string | null
}

export interface MaterialLinkInput {
  name: string
  url: string
  audience: MaterialAudience
}

export interface PublishWorkshopInput {
  title: string
  description: string
  kind: WorkshopKind
  mode: WorkshopMode
  serviceAreaSlug: string | null
  hostCenterId: string | null
  twinningId: string | null
  trainerIds: string[]
  capacity: number | null
  registrationDeadline: string | null
  attendanceRequired: number | null
  sessions: WorkshopSessionInput[]
  links: MaterialLinkInput[]
}

export type EditWorkshopInput = Omit<PublishWorkshopInput, 'twinningId' | 'links'> & {
  workshopId: string
  unlimited: boolean
}

export const PUBLISH_WORKSHOP = gql`
  mutation PublishWorkshop($input: PublishWorkshopInput!) {
    publishWorkshop(input: $input) {
      workshop { id title kind mode icsUrl sessions { startsAt endsAt place } materials { name url } discussion { id } }
      userErrors { field message code }
    }
  }
`
export interface PublishWorkshopResult {
  publishWorkshop: { workshop: { id: string } | null; userErrors: UserError[] }
}

export const EDIT_WORKSHOP = gql`
  mutation EditWorkshop($input: EditWorkshopInput!) {
    editWorkshop(input: $input) {
      workshop { id }
      userErrors { field message code }
    }
  }
`
export interface EditWorkshopResult {
  editWorkshop: { workshop: { id: string } | null; userErrors: UserError[] }
}

export const CANCEL_WORKSHOP = gql`
  mutation CancelWorkshop($workshopId: ID!, $reason: String) {
    cancelWorkshop(input: { workshopId: $workshopId, reason: $reason }) {
      workshop { id status cancellationReason }
      userErrors { field message code }
    }
  }
`
export interface CancelWorkshopResult {
  cancelWorkshop: { userErrors: UserError[] }
}

export const ATTACH_WORKSHOP_MATERIAL = gql`
  mutation AttachMaterial($workshopId: ID!, $file: Upload!, $name: String, $audience: MaterialAudience) {
    attachWorkshopMaterial(input: { workshopId: $workshopId, file: $file, name: $name, audience: $audience }) {
      material { name url contentType size }
      userErrors { field message code }
    }
  }
`
export interface AttachMaterialResult {
  attachWorkshopMaterial: { userErrors: UserError[] }
}

export const ADD_WORKSHOP_LINK = gql`
  mutation AddWorkshopLink($workshopId: ID!, $name: String!, $url: String!, $audience: MaterialAudience) {
    addWorkshopLink(input: { workshopId: $workshopId, name: $name, url: $url, audience: $audience }) {
      material { id }
      userErrors { field message code }
    }
  }
`
export interface AddWorkshopLinkResult {
  addWorkshopLink: { userErrors: UserError[] }
}

export const REMOVE_WORKSHOP_MATERIAL = gql`
  mutation RemoveWorkshopMaterial($materialId: ID!) {
    removeWorkshopMaterial(input: { materialId: $materialId }) {
      workshop { id }
      userErrors { field message code }
    }
  }
`
export interface RemoveWorkshopMaterialResult {
  removeWorkshopMaterial: { userErrors: UserError[] }
}

export const REGISTER_FOR_WORKSHOP = gql`
  mutation RegisterForWorkshop($workshopId: ID!) {
    registerForWorkshop(input: { workshopId: $workshopId }) {
      registration { status waitlistPosition workshop { id seatsLeft } }
      userErrors { field message code }
    }
  }
`
export interface RegisterForWorkshopResult {
  registerForWorkshop: { userErrors: UserError[] }
}

export const CANCEL_REGISTRATION = gql`
  mutation CancelRegistration($workshopId: ID!) {
    cancelWorkshopRegistration(input: { workshopId: $workshopId }) {
      registration { status workshop { id seatsLeft } }
      userErrors { field message code }
    }
  }
`
export interface CancelRegistrationResult {
  cancelWorkshopRegistration: { userErrors: UserError[] }
}

export const REQUEST_CERTIFICATE = gql`
  mutation RequestCertificate($workshopId: ID!) {
    requestCertificate(input: { workshopId: $workshopId }) {
      certificate { code url verifyUrl issuedAt }
      userErrors { field message code }
    }
  }
`
export interface RequestCertificateResult {
  requestCertificate: { certificate: Certificate | null; userErrors: UserError[] }
}

export interface RegistrationRow {
  id: string
  status: RegistrationStatus
  waitlistPosition: number | null
  createdAt: string
  attendedSessionIds: string[]
  user: { id: string; displayName: string; center: { name: string } | null; region: { name: string } | null }
}

export const WORKSHOP_REGISTRATIONS = gql`
  query WorkshopRegistrations($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      ... on Workshop {
        id title status viewerCanEdit registrationsCsvUrl capacity confirmedCount waitlistCount
        sessions { id startsAt endsAt place onlineUrl cancelled }
        registrations(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges {
            node {
              id status waitlistPosition createdAt attendedSessionIds
              user { id displayName center { name } region { name } }
            }
          }
        }
      }
    }
  }
`
export interface WorkshopRegistrationsNode {
  id: string
  title: string
  status: WorkshopStatus
  viewerCanEdit: boolean
  registrationsCsvUrl: string | null
  capacity: number | null
  confirmedCount: number
  waitlistCount: number
  sessions: WorkshopSession[]
  registrations: { totalCount: number; pageInfo: PageInfo; edges: { node: RegistrationRow }[] } | null
}
export interface WorkshopRegistrationsResult {
  node: WorkshopRegistrationsNode | Record<string, never> | null
}

export const MARK_ATTENDANCE = gql`
  mutation MarkAttendance($workshopId: ID!, $sessionId: ID!, $userId: ID!, $attended: Boolean!) {
    markAttendance(input: { workshopId: $workshopId, sessionId: $sessionId, userId: $userId, attended: $attended }) {
      registration { id attendedSessionIds }
      userErrors { field message code }
    }
  }
`
export interface MarkAttendanceResult {
  markAttendance: { registration: { id: string; attendedSessionIds: string[] } | null; userErrors: UserError[] }
}

export interface MyRegistration {
  id: string
  status: RegistrationStatus
  waitlistPosition: number | null
  certificateAvailable: boolean
  certificate: Certificate | null
  workshop: WorkshopSummary
}

export const MY_REGISTRATIONS = gql`
  query MyRegistrations($first: Int, $after: String, $past: Boolean) {
    myRegistrations(first: $first, after: $after, past: $past) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id status waitlistPosition certificateAvailable
          certificate { code url verifyUrl issuedAt }
          workshop {
            id title kind mode status private startsAt endsAt capacity seatsLeft waitlistCount registrationOpen
            hostCenter { name region { name } }
            serviceArea { name }
            space { ... on Twinning { id title visibility } }
            sessions { id startsAt endsAt place cancelled }
          }
        }
      }
    }
  }
`
export interface MyRegistrationsResult {
  myRegistrations: { totalCount: number; pageInfo: PageInfo; edges: { node: MyRegistration }[] }
}

export const MY_CALENDAR_URL = gql`
  query MyCalendarUrl {
    myCalendarUrl
  }
`
export interface MyCalendarUrlResult {
  myCalendarUrl: string | null
}

export const RENEW_CALENDAR_FEED = gql`
  mutation RenewCalendarFeed {
    renewCalendarFeed {
      url
      userErrors { field message code }
    }
  }
`
export interface RenewCalendarFeedResult {
  renewCalendarFeed: { url: string | null; userErrors: UserError[] }
}

export interface CertificateVerification {
  code: string
  participant: string
  workshopTitle: string
  kind: WorkshopKind
  hostCenter: string | null
  trainers: string[]
  firstSessionStartsAt: string
  lastSessionEndsAt: string
  hours: number
  issuedAt: string
}

export const VERIFY_CERTIFICATE = gql`
  query VerifyCertificate($code: String!) {
    verifyCertificate(code: $code) {
      code participant workshopTitle kind hostCenter trainers firstSessionStartsAt lastSessionEndsAt hours issuedAt
    }
  }
`
export interface VerifyCertificateResult {
  verifyCertificate: CertificateVerification | null
}
