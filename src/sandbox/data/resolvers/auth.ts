// Who a Graph request is from: the simulated Entra issues `graph-token-{userId}` for each sandbox user.
import { SimulatedEntra } from "../../entra.js";
import { graphError, type GraphRequest, type MockReply, type Resolver } from "../../graph.js";
import { SIGN_IN_PEOPLE, type Person } from "../directory.js";

export type UserResolver = (request: GraphRequest, user: Person) => MockReply | Promise<MockReply>;

export function signedIn(request: GraphRequest): Person | undefined {
  const header = request.headers.get("authorization") ?? "";
  return SIGN_IN_PEOPLE.find((p) => header === `Bearer ${SimulatedEntra.graphTokenOf({ userId: p.id })}`);
}

/** A resolver that answers 401, as Graph does, unless the token is a sandbox user's. */
export function asUser(resolve: UserResolver): Resolver {
  return (request) => {
    const user = signedIn(request);
    if (!user) return graphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    return resolve(request, user);
  };
}
