// Who a Graph request is from: the sandbox person its verified Graph token names.
import { graphError, type GraphRequest, type MockReply, type Resolver } from "../../graph.js";
import { SIGN_IN_PEOPLE, type Person } from "../directory.js";

export type UserResolver = (request: GraphRequest, user: Person) => MockReply | Promise<MockReply>;

export function signedIn(request: GraphRequest): Person | undefined {
  return SIGN_IN_PEOPLE.find((p) => p.id === request.caller.userId);
}

/** A resolver that answers 401, as Graph does, unless the token is a sandbox user's. */
export function asUser(resolve: UserResolver): Resolver {
  return (request) => {
    const user = signedIn(request);
    if (!user) return graphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    return resolve(request, user);
  };
}
