import { defineConfig } from "sanity";
import { structureTool } from "sanity/structure";
import { RequestApprovalAction } from "./actions/requestApprovalAction";
import { dataset, projectId } from "./env";
import { schemaTypes } from "./schemaTypes";
import { broadcastType } from "./schemaTypes/broadcastType";
import { siteSettingsType } from "./schemaTypes/siteSettingsType";
import { smsRepliesType } from "./schemaTypes/smsRepliesType";
import { PAGE_IN_CAMPAIGN_TEMPLATE, structure } from "./structure";

// Document types edited as one fixed document (see structure.ts), never created or duplicated.
const SINGLETON_TYPES = new Set<string>([siteSettingsType.name, smsRepliesType.name]);
const SINGLETON_ACTIONS = new Set(["publish", "discardChanges", "restore"]);

export default defineConfig({
  name: "default",
  title: "Protect campaigns",
  projectId,
  dataset,
  plugins: [structureTool({ structure })],
  schema: {
    types: schemaTypes,
    templates: (templates) => [
      // Singletons get no "create new" template, in the global menu or anywhere else.
      ...templates.filter((template) => !SINGLETON_TYPES.has(template.schemaType)),
      // Used by a campaign's page list (structure.ts). Templates with parameters never appear in
      // the global "create" menu, so this one is only offered there.
      {
        id: PAGE_IN_CAMPAIGN_TEMPLATE,
        title: "Page in campaign",
        schemaType: "page",
        parameters: [{ name: "campaignId", type: "string" }],
        value: (params: { campaignId: string }) => ({ campaign: { _type: "reference", _ref: params.campaignId } }),
      },
    ],
  },
  document: {
    actions: (actions, context) => {
      if (SINGLETON_TYPES.has(context.schemaType)) {
        return actions.filter((action) => action.action !== undefined && SINGLETON_ACTIONS.has(action.action));
      }
      // Requesting approval (which also publishes) is the main step for a broadcast; Publish stays in
      // the menu. The approval itself is given on the app's staff page (decision 024).
      if (context.schemaType === broadcastType.name) return [RequestApprovalAction, ...actions];
      return actions;
    },
  },
});
