<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_PT" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>development build</source>
        <translation>versão de desenvolvimento</translation>
    </message>
    <message>
        <source>- Name: %1</source>
        <translation>- Nome: %1</translation>
    </message>
    <message>
        <source>- Version: %1</source>
        <translation>- Versão: %1</translation>
    </message>
    <message>
        <source>- Default threshold: %1</source>
        <translation>- Limiar predefinido: %1</translation>
    </message>
    <message>
        <source>- Operating point in use: %1</source>
        <translation>- Ponto de funcionamento em uso: %1</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>o do modelo</translation>
    </message>
    <message>
        <source>- Scope: %1</source>
        <translation>- Âmbito de utilização: %1</translation>
    </message>
    <message>
        <source>- Classes: %1</source>
        <translation>- Classes: %1</translation>
    </message>
    <message>
        <source>- Running on: %1 (%2), %3 model `%4`</source>
        <translation>- Em execução em: %1 (%2), modelo %3 `%4`</translation>
    </message>
    <message>
        <source>- File: `%1`</source>
        <translation>- Ficheiro: `%1`</translation>
    </message>
    <message>
        <source>- SHA-256: `%1`</source>
        <translation>- SHA-256: `%1`</translation>
    </message>
    <message>
        <source>- Lung-field model: %1 %2, `%3`, SHA-256 `%4`</source>
        <translation>- Modelo dos campos pulmonares: %1 %2, `%3`, SHA-256 `%4`</translation>
    </message>
    <message>
        <source>- Heatmaps: shown only inside the lung fields (%1)</source>
        <translation>- Mapas de calor: mostrados apenas dentro dos campos pulmonares (%1)</translation>
    </message>
    <message>
        <source>- Lung-field model: not found (heat shown inside the body outline)</source>
        <translation>- Modelo dos campos pulmonares: não encontrado (calor mostrado dentro do contorno do corpo)</translation>
    </message>
    <message>
        <source>Intended use stated by the model: %1</source>
        <translation>Utilização prevista declarada pelo modelo (em inglês): %1</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Versão %1</translation>
    </message>
    <message>
        <source>Intended use</source>
        <translation>Utilização prevista</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>No model is loaded. %1</source>
        <translation>Nenhum modelo está carregado. %1</translation>
    </message>
    <message>
        <source>The model card below is in English, as the model was published.</source>
        <translation>A ficha do modelo abaixo está em inglês, tal como o modelo foi publicado.</translation>
    </message>
    <message>
        <source>(The model card could not be read: %1)</source>
        <translation>(Não foi possível ler a ficha do modelo: %1)</translation>
    </message>
    <message>
        <source>(No model card found next to the model.)</source>
        <translation>(Não foi encontrada nenhuma ficha do modelo junto ao modelo.)</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About %1</source>
        <translation>Acerca do %1</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <source>Calibrate for this site</source>
        <translation>Calibrar para este centro</translation>
    </message>
    <message>
        <source>Proposed PROVISIONAL operating point</source>
        <translation>Ponto de funcionamento PROVISÓRIO proposto</translation>
    </message>
    <message>
        <source>Proposed operating point</source>
        <translation>Ponto de funcionamento proposto</translation>
    </message>
    <message numerus="yes">
        <source>from %n read image(s) in scope</source>
        <translation>
            <numerusform>a partir de %n imagem lida dentro do âmbito</numerusform>
            <numerusform>a partir de %n imagens lidas dentro do âmbito</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n read image(s) left out: unsure, unreadable or out of scope).</source>
        <translation>
            <numerusform>(%n imagem lida posta de parte: leitura incerta, ilegível ou fora do âmbito).</numerusform>
            <numerusform>(%n imagens lidas postas de parte: leitura incerta, ilegíveis ou fora do âmbito).</numerusform>
        </translation>
    </message>
    <message>
        <source>PROVISIONAL.</source>
        <translation>PROVISÓRIO.</translation>
    </message>
    <message>
        <source>Applying saves this operating point for this model in your settings folder: every later scan, export and report uses it and says so. Settings → Use Model Default Operating Point goes back at any time. The ranking of the worklist does not change.</source>
        <translation>Aplicar guarda este ponto de funcionamento para este modelo na sua pasta de definições: todas as análises, exportações e relatórios seguintes usam-no e indicam-no. Definições → Usar o ponto de funcionamento do modelo permite voltar atrás a qualquer momento. A ordem da lista de trabalho não muda.</translation>
    </message>
    <message>
        <source>Apply to every scan (provisional)</source>
        <translation>Aplicar a todas as análises (provisório)</translation>
    </message>
    <message>
        <source>Apply to every scan</source>
        <translation>Aplicar a todas as análises</translation>
    </message>
</context>
<context>
    <name>ClinicSettingsDialog</name>
    <message>
        <source>Clinic Network Settings</source>
        <translation>Definições de rede da clínica</translation>
    </message>
    <message>
        <source>This workstation as a DICOM node</source>
        <translation>Este posto de trabalho como nó DICOM</translation>
    </message>
    <message>
        <source>Results (Secondary Capture + Structured Report)</source>
        <translation>Resultados (Secondary Capture + Structured Report DICOM)</translation>
    </message>
    <message>
        <source>AE title</source>
        <translation>Título AE</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Porta</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Escutar em</translation>
    </message>
    <message>
        <source>Allowed calling AEs</source>
        <translation>AE de chamada autorizados</translation>
    </message>
    <message>
        <source>Keep received files</source>
        <translation>Guardar os ficheiros recebidos</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>Enviar os resultados</translation>
    </message>
    <message>
        <source>PACS host</source>
        <translation>Anfitrião do PACS</translation>
    </message>
    <message>
        <source>PACS port</source>
        <translation>Porta do PACS</translation>
    </message>
    <message>
        <source>PACS AE title</source>
        <translation>Título AE do PACS</translation>
    </message>
    <message>
        <source>Results folder</source>
        <translation>Pasta dos resultados</translation>
    </message>
    <message>
        <source>Up to 16 characters: letters, digits, spaces; no backslash</source>
        <translation>Até 16 caracteres: letras, algarismos, espaços; sem barra invertida</translation>
    </message>
    <message>
        <source>127.0.0.1: this computer only. 0.0.0.0 (or this workstation&apos;s LAN address): accept studies from the modality or the PACS on the clinic&apos;s network.</source>
        <translation>127.0.0.1: só este computador. 0.0.0.0 (ou o endereço deste posto na rede local): aceitar estudos do equipamento de imagem ou do PACS na rede da clínica.</translation>
    </message>
    <message>
        <source>any calling AE (e.g. MODALITY, ORTHANC)</source>
        <translation>qualquer AE de chamada (p. ex. MODALITY, ORTHANC)</translation>
    </message>
    <message>
        <source>Accept studies only from these calling AE titles, separated by commas</source>
        <translation>Aceitar estudos apenas destes títulos AE de chamada, separados por vírgulas</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dias</translation>
    </message>
    <message>
        <source>until triaged</source>
        <translation>até à triagem</translation>
    </message>
    <message>
        <source>Received files are kept this long in the inbox (in your data folder)</source>
        <translation>Tempo durante o qual os ficheiros recebidos ficam na caixa de entrada (na sua pasta de dados)</translation>
    </message>
    <message>
        <source>Nowhere</source>
        <translation>Nenhum destino</translation>
    </message>
    <message>
        <source>Send to a PACS</source>
        <translation>Enviar para um PACS</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Pasta</translation>
    </message>
    <message>
        <source>host name or IP address</source>
        <translation>nome do anfitrião ou endereço IP</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Procurar…</translation>
    </message>
    <message>
        <source>Saved to %1 (shared with cxr-triage listen and watch).</source>
        <translation>Guardado em %1 (partilhado com cxr-triage listen e watch).</translation>
    </message>
    <message>
        <source>Folder for results</source>
        <translation>Pasta para os resultados</translation>
    </message>
    <message>
        <source>not saved: %1</source>
        <translation>não guardado: %1</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>P(pneumonia)</source>
        <translation>P(pneumonia)</translation>
    </message>
    <message>
        <source>Class breakdown</source>
        <translation>Detalhe por classe</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Mapa de calor</translation>
    </message>
    <message>
        <source>Show heatmap  (H)</source>
        <translation>Mostrar mapa de calor  (H)</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacidade</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Opacidade do mapa de calor</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Imagem</translation>
    </message>
    <message>
        <source>Your own call on this image, kept for site calibration (Reads menu): P pneumonia, N normal, U unsure, Backspace clears</source>
        <translation>A sua própria leitura desta imagem, guardada para a calibração local (menu Leituras): P pneumonia, N normal, U incerta, Retrocesso apaga</translation>
    </message>
    <message>
        <source>Your read: %1</source>
        <translation>A sua leitura: %1</translation>
    </message>
    <message>
        <source>Your read: — (press P, N or U)</source>
        <translation>A sua leitura: — (prima P, N ou U)</translation>
    </message>
    <message>
        <source>Operating point: %1</source>
        <translation>Ponto de funcionamento: %1</translation>
    </message>
    <message>
        <source>No model loaded: images cannot be scored.</source>
        <translation>Nenhum modelo carregado: as imagens não podem ser avaliadas.</translation>
    </message>
    <message>
        <source>No image selected</source>
        <translation>Nenhuma imagem selecionada</translation>
    </message>
    <message>
        <source>Select a row of the worklist to see its details.</source>
        <translation>Selecione uma linha da lista de trabalho para ver os detalhes.</translation>
    </message>
    <message>
        <source>This file could not be scored:</source>
        <translation>Não foi possível avaliar este ficheiro:</translation>
    </message>
    <message>
        <source>At or above the %1 threshold</source>
        <translation>No limiar de %1 ou acima</translation>
    </message>
    <message>
        <source>%1, likely %2</source>
        <translation>%1, provavelmente %2</translation>
    </message>
    <message>
        <source>Below the %1 threshold</source>
        <translation>Abaixo do limiar de %1</translation>
    </message>
    <message>
        <source>Ranked with the others anyway (site setting).</source>
        <translation>Ordenada com as outras mesmo assim (definição do centro).</translation>
    </message>
    <message>
        <source>Not ranked: listed after the images the model was made for.</source>
        <translation>Não ordenada: listada depois das imagens para as quais o modelo foi feito.</translation>
    </message>
    <message>
        <source>Out of scope</source>
        <translation>Fora do âmbito</translation>
    </message>
    <message>
        <source>The model reads frontal chest films of children up to 6 years. It gives no pneumonia score for this image and draws no heatmap.</source>
        <translation>O modelo lê radiografias de tórax frontais de crianças até aos 6 anos. Não dá pontuação de pneumonia para esta imagem nem desenha mapa de calor.</translation>
    </message>
    <message>
        <source>The file is a colour image, maybe a photo of a film or screen.</source>
        <translation>O ficheiro é uma imagem a cores, talvez uma fotografia de uma película ou de um ecrã.</translation>
    </message>
    <message>
        <source>Fewer pixels than the model&apos;s input: fine detail is missing.</source>
        <translation>Menos píxeis do que a entrada do modelo: faltam os pormenores finos.</translation>
    </message>
    <message>
        <source>Unlike the training images: the score may not be reliable.</source>
        <translation>Diferente das imagens de treino: a pontuação pode não ser fiável.</translation>
    </message>
    <message>
        <source>Unusual bit depth for a radiograph.</source>
        <translation>Profundidade de bits invulgar para uma radiografia.</translation>
    </message>
    <message>
        <source>Unusual photometric interpretation (colour model) for a radiograph.</source>
        <translation>Interpretação fotométrica (modelo de cor) invulgar para uma radiografia.</translation>
    </message>
    <message>
        <source>The DICOM holds several frames; the first one was scored and is shown.</source>
        <translation>O DICOM contém várias imagens; a primeira foi avaliada e é a mostrada.</translation>
    </message>
    <message>
        <source>The DICOM header says this is not a chest study.</source>
        <translation>O cabeçalho DICOM indica que não é um estudo do tórax.</translation>
    </message>
    <message>
        <source>Very low contrast: exposure or windowing may be off.</source>
        <translation>Contraste muito baixo: a exposição ou a janela podem estar incorretas.</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>Data do exame</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalidade</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Incidência</translation>
    </message>
    <message>
        <source>Body part</source>
        <translation>Região anatómica</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
</context>
<context>
    <name>HeatmapLegend</name>
    <message>
        <source>Study view: evidence relative to this image&apos;s own strongest region, so every film shows full colour somewhere whatever its score. Below %1 of that maximum nothing is drawn. Shown unmasked: it includes what the model looked at outside the lungs.</source>
        <translation>Vista de estudo: evidência relativa à região mais forte desta imagem, pelo que cada radiografia mostra cor plena algures, qualquer que seja a pontuação. Abaixo de %1 desse máximo nada é desenhado. Mostrada sem máscara: inclui o que o modelo olhou fora dos pulmões.</translation>
    </message>
    <message>
        <source>Evidence for pneumonia on the model&apos;s fixed scale: full colour is as strong as the evidence in a typical pneumonia film of the training set, so a film the model calls normal shows little or no colour. Below %1 nothing is drawn. Heat is shown only inside the lung fields (each lung&apos;s outline, including the lung behind the heart), never on arms, neck, heart or abdomen.</source>
        <translation>Evidência de pneumonia na escala fixa do modelo: a cor plena equivale à evidência de uma radiografia típica de pneumonia do conjunto de treino, pelo que uma radiografia que o modelo considera normal mostra pouca ou nenhuma cor. Abaixo de %1 nada é desenhado. O calor só aparece dentro dos campos pulmonares (o contorno de cada pulmão, incluindo o pulmão atrás do coração), nunca nos braços, pescoço, coração ou abdómen.</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>fraca</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>forte</translation>
    </message>
    <message>
        <source>per image</source>
        <translation>por imagem</translation>
    </message>
    <message>
        <source>fixed scale</source>
        <translation>escala fixa</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>Open a folder (Ctrl+O) or drop images here to start.</source>
        <translation>Abra uma pasta (Ctrl+O) ou largue imagens aqui para começar.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System language</source>
        <extracomment>Qt&apos;s own catalogue per language (its standard dialogs and buttons). There is no European Portuguese qtbase: pt uses pt_BR&apos;s, whose button words (OK, Cancelar, Fechar) are the same. The QLocale that formats numbers and dates for each language (pt: European Portuguese).</extracomment>
        <translation>Idioma do sistema</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Messages and per-file errors appear here.</source>
        <translation>As mensagens e os erros por ficheiro aparecem aqui.</translation>
    </message>
    <message>
        <source>INFO</source>
        <comment>log level, at most 7 letters</comment>
        <translation>INFO</translation>
    </message>
    <message>
        <source>WARNING</source>
        <comment>log level, at most 7 letters</comment>
        <translation>AVISO</translation>
    </message>
    <message>
        <source>ERROR</source>
        <comment>log level, at most 7 letters</comment>
        <translation>ERRO</translation>
    </message>
    <message>
        <source>An unexpected error occurred: %1</source>
        <translation>Ocorreu um erro inesperado: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Definições</translation>
    </message>
    <message>
        <source> %</source>
        <comment>after the threshold number</comment>
        <translation>%</translation>
    </message>
    <message>
        <source>Reset to model default</source>
        <translation>Repor o limiar do modelo</translation>
    </message>
    <message>
        <source>Pneumonia threshold</source>
        <translation>Limiar de pneumonia</translation>
    </message>
    <message>
        <source>Model default: %1.</source>
        <translation>Limiar do modelo: %1.</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Nenhum modelo está carregado.</translation>
    </message>
    <message>
        <source>Images at or above the threshold are labelled pneumonia. A lower threshold misses fewer cases but raises more false alarms. The ranking of the worklist does not change.</source>
        <translation>As imagens no limiar ou acima dele são marcadas como pneumonia. Um limiar mais baixo deixa escapar menos casos, mas dá mais falsos alarmes. A ordem da lista de trabalho não muda.</translation>
    </message>
    <message>
        <source>Rank out-of-scope images with the others</source>
        <translation>Ordenar as imagens fora do âmbito com as outras</translation>
    </message>
    <message>
        <source>Off (recommended): images the model was not made for — adults, lateral views, other body parts, photos — are listed after the ranked images, without a label.
On: they are ranked and labelled like the others. Every export says so.</source>
        <translation>Desligado (recomendado): as imagens para as quais o modelo não foi feito — adultos, incidências de perfil, outras partes do corpo, fotografias — são listadas depois das imagens ordenadas, sem classificação.
Ligado: são ordenadas e classificadas como as outras. Todas as exportações o indicam.</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Âmbito</translation>
    </message>
    <message>
        <source>Light</source>
        <comment>theme</comment>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <comment>theme</comment>
        <translation>Escuro</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The dialogs change language at once; the main window changes when CXR Triage is next started.</source>
        <translation>As caixas de diálogo mudam de idioma de imediato; a janela principal muda quando o CXR Triage for reiniciado.</translation>
    </message>
</context>
<context>
    <name>Worklist</name>
    <message>
        <source>highest risk first</source>
        <translation>maior risco primeiro</translation>
    </message>
    <message>
        <source>lowest risk first</source>
        <translation>menor risco primeiro</translation>
    </message>
    <message>
        <source>Z to A / largest first</source>
        <translation>de Z a A / maior primeiro</translation>
    </message>
    <message>
        <source>A to Z / smallest first</source>
        <translation>de A a Z / menor primeiro</translation>
    </message>
    <message>
        <source>Sorted %1 (▼ / ▲), within each group: ranked images, then out of scope, then unreadable files. Click to reverse.</source>
        <translation>Ordem: %1 (▼ / ▲), dentro de cada grupo: imagens ordenadas, depois fora do âmbito, depois ficheiros ilegíveis. Clique para inverter.</translation>
    </message>
    <message>
        <source>Calibrated probability of pneumonia estimated by the model</source>
        <translation>Probabilidade calibrada de pneumonia estimada pelo modelo</translation>
    </message>
    <message>
        <source>Label at the current operating point (threshold); changes with the threshold.
Images the model was not made for say &apos;out of scope&apos; and the reason, and are listed after the ranked images</source>
        <translation>Classificação no ponto de funcionamento atual (limiar); muda com o limiar.
As imagens para as quais o modelo não foi feito dizem «fora do âmbito» e o motivo, e são listadas depois das imagens ordenadas</translation>
    </message>
    <message>
        <source>Most likely pneumonia type, for images above the threshold</source>
        <translation>Tipo de pneumonia mais provável, para imagens acima do limiar</translation>
    </message>
    <message>
        <source>Quality and out-of-distribution warnings: treat these scores with caution</source>
        <translation>Alertas de qualidade e de imagens atípicas: interprete estas pontuações com cautela</translation>
    </message>
    <message>
        <source>OK, or why the file could not be scored</source>
        <translation>OK, ou porque não foi possível avaliar o ficheiro</translation>
    </message>
    <message>
        <source>Right-click the header to show or hide columns.</source>
        <translation>Clique com o botão direito no cabeçalho para mostrar ou ocultar colunas.</translation>
    </message>
    <message>
        <source>Out of scope: %1. Not ranked and not scored: the model was not made for this image.</source>
        <translation>Fora do âmbito: %1. Não ordenada nem avaliada: o modelo não foi feito para esta imagem.</translation>
    </message>
    <message>
        <source>Treat this score with caution: %1</source>
        <translation>Interprete esta pontuação com cautela: %1</translation>
    </message>
</context>
<context>
    <name>WorklistPanel</name>
    <message>
        <source>Unread</source>
        <translation>Por ler</translation>
    </message>
    <message>
        <source>Which images the worklist shows</source>
        <translation>Que imagens a lista de trabalho mostra</translation>
    </message>
    <message>
        <source>Search file, patient, flag, error…</source>
        <translation>Procurar ficheiro, paciente, alerta, erro…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop the scan (Esc); results so far are kept</source>
        <translation>Parar a análise (Esc); os resultados obtidos são mantidos</translation>
    </message>
    <message>
        <source>Fit columns to width</source>
        <translation>Ajustar as colunas à largura</translation>
    </message>
</context>
</TS>
