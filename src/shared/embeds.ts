/** The one host lesson videos embed from: the Markdown renderer writes it, the Content-Security-Policy allows it. */
export const youTubeEmbedHost = 'www.youtube-nocookie.com';
