// autocannon in a process of its own, so the load generator does not share the app's event loop
// (in one process, its parsing of 200 connections' answers delays the very requests it times).
// Options as JSON in argv[2]; the result as JSON on stdout.
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2] ?? "{}");
const result = await autocannon(options);
process.stdout.write(JSON.stringify(result));
