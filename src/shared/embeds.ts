/** The only host lessons may embed video from: the Markdown renderer and the Content-Security-Policy both use it. */
export const youTubeEmbedHost = 'www.youtube-nocookie.com';
