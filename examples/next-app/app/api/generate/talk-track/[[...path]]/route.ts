import { talkTrackHandler } from '@/lib/talkTrackHandler';

// Every talk track endpoint (create, status, cancel, retry) in one route file.
export const GET = (request: Request) => talkTrackHandler().handle(request);
export const POST = (request: Request) => talkTrackHandler().handle(request);
