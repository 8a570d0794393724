import { defineCliConfig } from "sanity/cli";
import { dataset, projectId } from "./env";

export default defineCliConfig({
  api: { projectId, dataset },
  // The Studio is deployed with the rest of the project, at the version in package-lock.json.
  deployment: { autoUpdates: false },
});
