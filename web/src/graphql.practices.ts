// The operations of the good-practice pages (/buone-pratiche), beside graphql.ts and checked
// against the schema in the same way. PUBLISH_PRACTICE is the contract's PublishPractice
// with the fields the page needs more.

import type { UserError } from './client'
import type { PageInfo } from './graphql'

/** Marks a GraphQL document for scripts/check-operations.mjs; returns it unchanged. */
const gql = (strings: TemplateStringsArray) => strings.join('')

export type Maturity = 'EMERGING' | 'PROMISING' | 'ESTABLISHED'
export type AdoptionKind = 'ADOPTED' | 'ADAPTED'
export const maturities: Maturity[] = ['EMERGING', 'PROMISING', 'ESTABLISHED']

export const PRACTICES = gql`
  query PracticeList(
    $first: Int
    $after: String
    $serviceArea: String
    $region: ID
    $center: ID
    $maturity: PracticeMaturity
    $tag: String
    $space: ID
  ) {
    practices(
      first: $first
      after: $after
      filter: {
        serviceAreaSlug: $serviceArea
        regionId: $region
        centerId: $center
        maturity: $maturity
        tag: $tag
        spaceId: $space
      }
    ) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          title
          summaryHTML
          maturity
          tags
          private
          createdAt
          center { name region { name } }
          serviceArea { name }
          space { ... on Twinning { id title } }
          adoptions { kind }
        }
      }
    }
  }
`
export interface PracticeSummary {
  id: string
  title: string
  summaryHTML: string
  maturity: Maturity
  tags: string[]
  private: boolean
  createdAt: string
  center: { name: string; region: { name: string } }
  serviceArea: { name: string }
  space: { id: string; title: string } | null
  adoptions: { kind: AdoptionKind }[]
}
export interface PracticesResult {
  practices: { totalCount: number; pageInfo: PageInfo; edges: { node: PracticeSummary }[] }
}

/** What the filters and the form choose from: regions, centres and twinnings. */
export const PRACTICE_CHOICES = gql`
  query PracticeChoices {
    regions { id name }
    centers(first: 100) { edges { node { id name region { name } } } }
    twinnings(first: 50) { edges { node { id title } } }
  }
`
export interface PracticeChoicesResult {
  regions: { id: string; name: string }[]
  centers: { edges: { node: { id: string; name: string; region: { name: string } } }[] }
  twinnings: { edges: { node: { id: string; title: string } }[] }
}

export const PRACTICE_PAGE = gql`
  query PracticePage($id: ID!) {
    node(id: $id) {
      ... on Practice {
        id
        title
        discussion { id }
        summaryHTML
        contextHTML
        objectivesHTML
        targetHTML
        activitiesHTML
        outcomesHTML
        resourcesHTML
        tags
        maturity
        evidence
        private
        revision
        createdAt
        updatedAt
        author { displayName }
        center { id name region { name } }
        serviceArea { slug name }
        space { ... on Twinning { id title } }
        adoptions { kind note createdAt center { id name region { name } } }
        attachments { name url contentType size }
        viewerCanEdit
      }
    }
  }
`
export interface PracticeDetail {
  id: string
  discussion: { id: string }
  title: string
  summaryHTML: string
  contextHTML: string
  objectivesHTML: string
  targetHTML: string
  activitiesHTML: string
  outcomesHTML: string
  resourcesHTML: string
  tags: string[]
  maturity: Maturity
  evidence: string
  private: boolean
  revision: number
  createdAt: string
  updatedAt: string
  author: { displayName: string }
  center: { id: string; name: string; region: { name: string } }
  serviceArea: { slug: string; name: string }
  space: { id: string; title: string } | null
  adoptions: {
    kind: AdoptionKind
    note: string
    createdAt: string
    center: { id: string; name: string; region: { name: string } }
  }[]
  attachments: { name: string; url: string; contentType: string; size: number }[]
  viewerCanEdit: boolean
}
export interface PracticePageResult {
  node: PracticeDetail | Record<string, never> | null
}

export const PUBLISH_PRACTICE = gql`
  mutation PublishPractice($input: PublishPracticeInput!) {
    publishPractice(input: $input) {
      practice { id title summary center { name } serviceArea { slug } }
      userErrors { field message code }
    }
  }
`
export interface PublishPracticeInput {
  title: string
  summary: string
  context: string
  objectives: string
  target: string
  activities: string
  outcomes: string
  resources: string
  serviceAreaSlug: string | null
  centerId: string | null
  tags: string[]
  spaceId: string | null
  maturity: Maturity | null
  evidence: string
}
export interface PublishPracticeResult {
  publishPractice: { practice: { id: string } | null; userErrors: UserError[] }
}

export const RECORD_ADOPTION = gql`
  mutation RecordPracticeAdoption($input: RecordPracticeAdoptionInput!) {
    recordPracticeAdoption(input: $input) {
      adoption { kind }
      userErrors { field message code }
    }
  }
`
export interface RecordAdoptionResult {
  recordPracticeAdoption: { userErrors: UserError[] }
}

export const ATTACH_PRACTICE_FILE = gql`
  mutation AttachPracticeFile($file: Upload!, $id: ID!) {
    attachPracticeFile(input: { practiceId: $id, file: $file }) {
      file { name url }
      userErrors { field message code }
    }
  }
`
export interface AttachPracticeFileResult {
  attachPracticeFile: { file: { name: string; url: string } | null; userErrors: UserError[] }
}
