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
</TS>
