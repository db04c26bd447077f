import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import instanceV1 from './v1/instance/show.ts'
import peers from './v1/instance/peers.ts'
import instanceActivity from './v1/instance/activity.ts'
import rules from './v1/instance/rules.ts'
import instanceDomainBlocks from './v1/instance/domain-blocks.ts'
import translationLanguages from './v1/instance/translation-languages.ts'
import extendedDescription from './v1/instance/extended-description.ts'
import privacyPolicy from './v1/instance/privacy-policy.ts'
import termsOfService from './v1/instance/terms-of-service.ts'
import instanceV2 from './v2/instance.ts'
import webfinger from '../well-known/webfinger.ts'
import hostMeta from '../well-known/host-meta.ts'
import nodeinfo from '../well-known/nodeinfo.ts'
import missingImages from '../static/missing-images.ts'
import customEmojis from './v1/custom-emojis.ts'
import preferences from './v1/preferences.ts'
import announcements from './v1/announcements.ts'
import filtersV1 from './v1/filters.ts'
import filtersV2 from './v2/filters/index.ts'
import followedTags from './v1/followed-tags.ts'
import domainBlocks from './v1/domain-blocks.ts'
import conversations from './v1/conversations.ts'
import endorsements from './v1/endorsements.ts'
import suggestions from './v1/suggestions.ts'
import pushSubscription from './v1/push/subscription.ts'
import trendsTags from './v1/trends/tags.ts'
import trendsStatuses from './v1/trends/statuses.ts'
import trendsLinks from './v1/trends/links.ts'
import showTag from './v1/tags/show.ts'
import searchV2 from './v2/search.ts'
import accountsSearch from './v1/accounts/search.ts'
import accountLists from './v1/accounts/lists.ts'
import lists from './v1/lists/list.ts'
import createList from './v1/lists/create.ts'
import showList from './v1/lists/show.ts'
import updateList from './v1/lists/update.ts'
import deleteList from './v1/lists/delete.ts'
import listAccounts from './v1/lists/accounts.ts'
import addListAccounts from './v1/lists/add-accounts.ts'
import removeListAccounts from './v1/lists/remove-accounts.ts'

/** Routes for: instance, discovery, search and client-start endpoints. */
export default function instance(app: FastifyInstance, ctx: AppContext) {
  for (const route of [
    instanceV1, peers, instanceActivity, rules, instanceDomainBlocks, translationLanguages, extendedDescription, privacyPolicy, termsOfService,
    instanceV2,
    webfinger, hostMeta, nodeinfo, missingImages,
    customEmojis, preferences, announcements, filtersV1, filtersV2, followedTags, domainBlocks, conversations, endorsements, suggestions,
    pushSubscription, trendsTags, trendsStatuses, trendsLinks, showTag,
    searchV2, accountsSearch,
    accountLists, lists, createList, showList, updateList, deleteList, listAccounts, addListAccounts, removeListAccounts,
  ] as ((app: FastifyInstance, ctx: AppContext) => void)[]) route(app, ctx)
}
