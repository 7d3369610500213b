// Connects to the portal's status hub with the official JavaScript client, the way a partner's
// program would: snapshot, then live events, then resume after the snapshot's sequence.
// Prints one JSON object per line for StatusHubJavaScriptClientTests to read.
// Usage: node hub-client.mjs http://127.0.0.1:PORT [API_KEY]
import * as signalR from "@microsoft/signalr";

const [portal, apiKey] = process.argv.slice(2);
const say = (line) => console.log(JSON.stringify(line));

const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${portal}/hubs/status`, apiKey ? { accessTokenFactory: () => apiKey } : {})
    .configureLogging(signalR.LogLevel.Warning)
    .build();

const firstEvent = new Promise((resolve) => connection.on("event", resolve));
const timeout = setTimeout(() => { say({ error: "timed out" }); process.exit(2); }, 20000);

await connection.start();
const snapshot = await connection.invoke("GetSnapshot");
say({ connected: true, snapshotSequence: snapshot.sequence, overallStatus: snapshot.overallStatus });

const event = await firstEvent;
say({ event: { sequence: event.sequence, type: event.type, audiences: event.audiences, dataIsObject: typeof event.data === "object" } });

const resumed = await connection.invoke("Resume", snapshot.sequence);
say({ resumed: resumed.events.map((e) => e.sequence), tooFarBehind: resumed.tooFarBehind });

await connection.stop();
clearTimeout(timeout);
