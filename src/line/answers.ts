// What the LINE side needs of the engine: an answer with its follow-ups, and a passage by id. Asked
// asynchronously, so the answering can run off the thread that acknowledges webhooks (answer-worker.ts).
import type { Answer, AnswerEngine, FollowUp, Municipality, Passage } from '../qa/types.ts';

/** An answer and the follow-ups of its top passage (none when declined, or when the engine offers none). */
export interface Reply {
  answer: Answer;
  followUps: readonly FollowUp[];
}

export interface AskRequest {
  question: string;
  /** "Now" for relative dates in the answer. */
  now: Date;
  /** The last moment the answer is of use; under a backlog the earliest is answered first. */
  deadline: number;
  /** Asked again just before the engine runs: false skips the work (the event can no longer be answered). */
  stillWanted?: () => boolean;
  municipality?: Municipality;
}

export interface Answers {
  /** Null when `stillWanted` said no before the engine ran. */
  ask(request: AskRequest): Promise<Reply | null>;
  passage(passageId: string): Promise<Passage | undefined>;
}

/** The follow-ups of the answer's top passage; none when the engine offers none or fails. */
export function followUpsOf(engine: AnswerEngine, answer: Answer): readonly FollowUp[] {
  const top = answer.answered ? answer.sources[0] : undefined;
  if (!top || !engine.followUps) return [];
  try {
    return engine.followUps(top.passageId);
  } catch {
    // Follow-ups are a convenience: the answer itself must still reach the resident.
    return [];
  }
}

/** The engine's answer to one request, with its follow-ups: the same on this thread and in the worker. */
export function replyOf(engine: AnswerEngine, request: Omit<AskRequest, 'deadline' | 'stillWanted'>): Reply {
  const answer = engine.ask(request.question, {
    now: request.now,
    ...(request.municipality ? { municipality: request.municipality } : {}),
  });
  return { answer, followUps: followUpsOf(engine, answer) };
}

export interface ThisThreadEngine {
  /** Read at every question, so a reload reaches residents (e.g. engine/holder.ts's liveEngine). */
  engine: AnswerEngine;
  lookupPassage: (passageId: string) => Passage | undefined;
}

/** Answers on this thread, at once: for tests that hand the service an engine of their own. */
export function answersOnThisThread(deps: ThisThreadEngine): Answers {
  return {
    async ask(request) {
      if (request.stillWanted && !request.stillWanted()) return null;
      return replyOf(deps.engine, request);
    },
    passage: async (passageId) => deps.lookupPassage(passageId),
  };
}
